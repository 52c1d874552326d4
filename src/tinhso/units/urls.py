from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("", views.UnitDirectoryView.as_view(), name="directory"),
    path("<int:pk>/", views.UnitDirectoryView.as_view(), name="detail"),
]
