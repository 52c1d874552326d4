"""UI routes of plans and targets (/plans/)."""

from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("new/", views.PlanEditView.as_view(), name="plan_create"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path(
        "<int:pk>/groups-from-catalogue/",
        views.PlanGroupsFromCatalogueView.as_view(),
        name="plan_groups_from_catalogue",
    ),
    path("catalogues/", views.CatalogueListView.as_view(), name="catalogue_list"),
    path("target-sets/<int:pk>/", views.TargetSetDetailView.as_view(), name="target_set_detail"),
    path(
        "target-sets/<int:pk>/revise/",
        views.TargetSetReviseView.as_view(),
        name="target_set_revise",
    ),
    path(
        "target-sets/<int:set_pk>/targets/new/",
        views.TargetEditView.as_view(),
        name="target_create",
    ),
    path("targets/<int:pk>/", views.TargetDetailView.as_view(), name="target_detail"),
    path("targets/<int:pk>/edit/", views.TargetEditView.as_view(), name="target_edit"),
    path(
        "targets/<int:pk>/assess/",
        views.AssessmentCreateView.as_view(),
        name="assessment_create",
    ),
]
