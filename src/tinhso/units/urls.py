from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("", views.UnitDirectoryView.as_view(), name="directory"),
    path("<int:pk>/", views.UnitDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.UnitEditView.as_view(), name="edit"),
    path("tree/<str:province_code>/", views.UnitTreeView.as_view(), name="tree"),
]
