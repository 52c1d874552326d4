"""UI routes of the 766 index (mounted at /chi-so-766/)."""

from django.urls import path

from . import views

app_name = "serviceindex"
urlpatterns = [
    path("xep-hang/", views.ranking_view, name="ranking"),
    path("tinh-thu/", views.calculator_view, name="calculator"),
    path("<str:unit_code>/", views.score_view, name="score"),
    path("<str:unit_code>/nhap-lieu/", views.manual_input_view, name="manual_input"),
    path("<str:unit_code>/ty-le/", views.rates_view, name="rates"),
]
