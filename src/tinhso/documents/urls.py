"""UI routes of the document registry (/documents/)."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("new/", views.DocumentEditView.as_view(), name="create"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.DocumentEditView.as_view(), name="edit"),
    path("<int:pk>/relations/", views.DocumentRelateView.as_view(), name="relate"),
    path("relations/<int:pk>/delete/", views.DocumentUnrelateView.as_view(), name="unrelate"),
]
