from django.urls import path

from . import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.calendar_year_view, name="year"),
    path("days/", views.CalendarDayListView.as_view(), name="day_list"),
    path("day/form/", views.calendar_day_form_view, name="day_form"),
    path("day/save/", views.calendar_day_save_view, name="day_save"),
    path("day/<int:pk>/confirm/", views.calendar_day_confirm_view, name="day_confirm"),
    path("day/<int:pk>/delete/", views.calendar_day_delete_view, name="day_delete"),
    path("due/", views.due_calculator_view, name="due"),
]
