from django.urls import path

from outreach.views import public as views

app_name = "outreach"

urlpatterns = [
    path("areas/", views.AreaListView.as_view(), name="areas"),
    path("request/", views.request_create, name="request"),
    path("request/sent/", views.request_sent, name="request_sent"),
    path("requests/<str:token>/", views.request_status, name="request_status"),
    path("requests/<str:token>/confirm/", views.request_confirm, name="request_confirm"),
    path("requests/<str:token>/cancel/", views.request_cancel, name="request_cancel"),
]
