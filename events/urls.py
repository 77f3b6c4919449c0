from django.urls import path

from events.views import national_night_out, private, public

app_name = "events"

# Fixed paths first: an event's slug can never shadow them (see Event.clean).
urlpatterns = [
    path("", public.event_list, name="list"),
    path("archive/", public.event_archive, name="archive"),
    path("calendar/", public.event_calendar, name="calendar"),
    path("national-night-out/", national_night_out.national_night_out, name="nno"),
    path(
        "national-night-out/block-party/",
        national_night_out.block_party_register,
        name="block_party_register",
    ),
    path(
        "national-night-out/block-party/sent/",
        national_night_out.block_party_sent,
        name="block_party_sent",
    ),
    path(
        "national-night-out/<int:year>/visit-plan/",
        national_night_out.visit_plan,
        name="visit_plan",
    ),
    path("registrations/<str:token>/", private.registration_detail, name="registration"),
    path(
        "registrations/<str:token>/confirm/",
        private.registration_confirm,
        name="registration_confirm",
    ),
    path(
        "registrations/<str:token>/cancel/",
        private.registration_cancel,
        name="registration_cancel",
    ),
    path("block-parties/<str:token>/", private.block_party_detail, name="block_party"),
    path(
        "block-parties/<str:token>/confirm/",
        private.block_party_confirm,
        name="block_party_confirm",
    ),
    path(
        "block-parties/<str:token>/cancel/", private.block_party_cancel, name="block_party_cancel"
    ),
    path("<slug:slug>/", public.event_detail, name="detail"),
    path("<slug:slug>/register/", public.event_register, name="register"),
    path("<slug:slug>/register/sent/", public.event_register_sent, name="register_sent"),
]
