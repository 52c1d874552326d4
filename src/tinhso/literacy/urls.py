"""UI routes of digital literacy (to be included under literacy/)."""

from django.urls import path

from . import views

app_name = "literacy"

urlpatterns = [
    path("", views.LiteracyOverviewView.as_view(), name="overview"),
    path("units/<int:pk>/", views.LiteracyUnitView.as_view(), name="unit"),
    path("courses/", views.CourseListView.as_view(), name="courses"),
    path("import/", views.LiteracyImportView.as_view(), name="import"),
    path("import/template.<str:fmt>", views.import_template_view, name="template"),
]
