from django.urls import path

from pal.views import public, staff

app_name = "pal"

urlpatterns = [
    path("", public.IndexView.as_view(), name="index"),
    path("enroll/", public.EnrollView.as_view(), name="enroll"),
    path("enroll/sent/", public.EnrollmentSentView.as_view(), name="enrollment_sent"),
    path("applications/<str:token>/", public.application_status, name="application_status"),
    path(
        "applications/<str:token>/confirm/",
        public.application_confirm,
        name="application_confirm",
    ),
    path(
        "applications/<str:token>/withdraw/",
        public.application_withdraw,
        name="application_withdraw",
    ),
    path("applications/<str:token>/consent/", public.consent_again, name="consent_again"),
    path("applications/<str:token>/pick-up/", public.pick_up_add, name="pick_up_add"),
    path(
        "applications/<str:token>/pick-up/<int:pk>/remove/",
        public.pick_up_remove,
        name="pick_up_remove",
    ),
    path("staff/", staff.dashboard, name="staff_dashboard"),
    path("staff/members/<int:pk>/", staff.member_detail, name="staff_member"),
    path("staff/members/<int:pk>/decide/", staff.decide, name="staff_decide"),
    path("staff/members/<int:pk>/gpa/", staff.record_grade, name="staff_record_grade"),
    path("staff/members/<int:pk>/notes/", staff.add_note, name="staff_add_note"),
    path("staff/rosters/", staff.roster, name="staff_roster"),
    path("staff/rosters/export.csv", staff.roster_csv, name="staff_roster_csv"),
    path("staff/needs-support/", staff.needs_support, name="staff_needs_support"),
    path("staff/transportation/", staff.transportation, name="staff_transportation"),
]
