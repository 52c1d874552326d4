"""UI routes of indicators (mounted at /indicators/)."""

from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="catalogue"),
    path("entry/", views.EntryGridView.as_view(), name="entry"),
    path("entry/save/", views.EntrySaveAllView.as_view(), name="entry_save"),
    path("entry/submit/", views.EntrySubmitView.as_view(), name="entry_submit"),
    path("entry/drafts/", views.EntryDraftCountView.as_view(), name="entry_drafts"),
    path("new/", views.IndicatorEditView.as_view(), name="create"),
    path("values/", views.ValueListView.as_view(), name="values"),
    path("<str:code>/", views.IndicatorDetailView.as_view(), name="detail"),
    path("<str:code>/edit/", views.IndicatorEditView.as_view(), name="edit"),
]
