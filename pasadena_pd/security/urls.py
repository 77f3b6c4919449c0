from django.urls import path

from pasadena_pd.security import views

app_name = "two_factor"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("enroll/", views.enroll, name="enroll"),
]
