"""UI routes of the procedure catalogue (mounted at /procedures/)."""

from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("", views.ProcedureListView.as_view(), name="list"),
    path("import/", views.ProcedureImportView.as_view(), name="import"),
    path("export.json", views.procedure_export_json_view, name="export_json"),
    path("<str:ref>/", views.ProcedureDetailView.as_view(), name="detail"),
    path("<str:ref>/edit/", views.ProcedureEditView.as_view(), name="edit"),
]
