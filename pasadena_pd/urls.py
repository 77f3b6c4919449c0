from django.contrib import admin
from django.urls import include, path

from pasadena_pd import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("outreach/", include("outreach.urls")),
    path("events/", include("events.urls")),
    path("pal/", include("pal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
