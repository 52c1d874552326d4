"""UI routes of reporting (/reports/)."""

from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("inbox/", views.ReportInboxView.as_view(), name="inbox"),
    path("timeliness/", views.TimelinessView.as_view(), name="timeliness"),
    path("<int:pk>/", views.report_detail_view, name="detail"),
    path("<int:pk>/edit/", views.report_edit_view, name="edit"),
    path("<int:pk>/prefill/", views.report_prefill_view, name="prefill"),
    path("<int:pk>/transition/", views.report_transition_view, name="transition"),
    path("<int:pk>/due/", views.obligation_set_due_view, name="set_due"),
    path("<int:pk>/export/", views.report_export_view, name="export"),
]
