from django.urls import path

from outreach import views

app_name = "outreach"

urlpatterns = [
    path("areas/", views.AreaListView.as_view(), name="areas"),
]
