from django.contrib import admin
from django.urls import include, path

from events.feeds import views as feeds
from outreach.feeds import views as outreach_feeds
from pasadena_pd import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("find-my-requests/", views.find_requests, name="find_requests"),
    # Calendar feeds; the .ics paths come before the apps' own routes.
    path("calendar/", include("events.feeds.urls")),
    path("events/<slug:slug>.ics", feeds.event_feed, name="event_calendar"),
    path(
        "outreach/requests/<slug:token>.ics", outreach_feeds.request_feed, name="request_calendar"
    ),
    path("outreach/", include("outreach.urls")),
    path("events/", include("events.urls")),
    path("pal/", include("pal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/two-factor/", include("pasadena_pd.security.urls")),
    path("staff/", views.staff_home, name="staff_home"),
    path("admin/", admin.site.urls),
]

# The site's own error pages (pasadena_pd/security/errors.py): they reveal nothing.
handler400 = "pasadena_pd.security.errors.bad_request"
handler403 = "pasadena_pd.security.errors.permission_denied"
handler404 = "pasadena_pd.security.errors.page_not_found"
handler500 = "pasadena_pd.security.errors.server_error"
