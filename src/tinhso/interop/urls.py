"""Public routes (mounted at `/tra-cuu/`, no login): the citizens' dossier lookup."""

from django.urls import path

from .views import lookup

app_name = "interop"

urlpatterns = [
    path("", lookup.lookup_form_view, name="lookup"),
    path("<str:code>/", lookup.lookup_detail_view, name="lookup_detail"),
    path("<str:code>/qr.svg", lookup.lookup_qr_view, name="lookup_qr"),
]
