"""The /calendar/ routes (the per-event and per-request .ics are in pasadena_pd/urls.py)."""

from django.urls import path

from events.feeds import views as feeds

app_name = "calendar"

urlpatterns = [
    path("", feeds.CalendarIndexView.as_view(), name="index"),
    path("events.ics", feeds.events_feed, name="events"),
    path("areas/<slug:slug>.ics", feeds.area_feed, name="area"),
    path("major-events.ics", feeds.major_events_feed, name="major_events"),
    path("private/<slug:token>.ics", feeds.private_feed, name="private"),
]
