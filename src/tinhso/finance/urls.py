"""UI routes of the finance app (to be included under `finance/`)."""

from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.BudgetLineListView.as_view(), name="line-list"),
    path("summary/", views.DisbursementSummaryView.as_view(), name="summary"),
    path("lines/<int:pk>/", views.BudgetLineDetailView.as_view(), name="line-detail"),
    path(
        "lines/<int:pk>/snapshots/",
        views.BudgetSnapshotCreateView.as_view(),
        name="snapshot-create",
    ),
]
