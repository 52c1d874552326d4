"""Operators' routes (mounted at `/lien-thong/`, login required): the outbox monitor."""

from django.urls import path

from .views import operator

app_name = "interop_operator"

urlpatterns = [
    path("", operator.outbox_list_view, name="outbox_list"),
    path("<int:pk>/retry/", operator.outbox_retry_view, name="outbox_retry"),
]
