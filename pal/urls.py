from django.urls import path
from django.views.generic import TemplateView

app_name = "pal"

urlpatterns = [
    path("", TemplateView.as_view(template_name="pal/index.html"), name="index"),
]
