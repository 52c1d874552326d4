"""UI routes of projects (mounted at /projects/ in tinhso/urls.py)."""

from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("blockers/", views.BlockerListView.as_view(), name="blockers"),
    path("new/", views.ProjectFormView.as_view(), name="create"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProjectFormView.as_view(), name="edit"),
    path("<int:pk>/progress/", views.ProgressCreateView.as_view(), name="progress"),
    path("<int:pk>/milestones/", views.MilestoneSetView.as_view(), name="milestones"),
    path("<int:pk>/blockers/", views.BlockerCreateView.as_view(), name="blocker-create"),
    path(
        "<int:pk>/blockers/<int:blocker_pk>/resolve/",
        views.BlockerResolveView.as_view(),
        name="blocker-resolve",
    ),
    path("<int:pk>/photos/", views.PhotoAddView.as_view(), name="photo-add"),
    path("photos/<int:pk>/", views.PhotoFileView.as_view(), name="photo"),
]
