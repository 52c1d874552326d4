"""UI routes of tasks."""

from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.TaskListView.as_view(), name="list"),
    path("summary/", views.TaskSummaryView.as_view(), name="summary"),
    path("new/", views.TaskFormView.as_view(), name="create"),
    path("<int:pk>/", views.TaskDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.TaskFormView.as_view(), name="edit"),
    path("<int:pk>/progress/", views.TaskProgressView.as_view(), name="progress"),
    path("<int:pk>/transition/", views.TaskTransitionView.as_view(), name="transition"),
    path("<int:pk>/extend/", views.TaskExtensionView.as_view(), name="extend"),
    path("<int:pk>/milestones/", views.TaskMilestonesView.as_view(), name="milestones"),
    path("<int:pk>/attach/", views.TaskAttachmentView.as_view(), name="attach"),
    path("<int:pk>/delegate/", views.TaskDelegateView.as_view(), name="delegate"),
    path("<int:pk>/instances/", views.TaskInstancesView.as_view(), name="instances"),
]
