from django.urls import path

from . import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.calendar_year_view, name="year"),
]
