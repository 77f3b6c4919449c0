from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PasadenaPdConfig(AppConfig):
    name = "pasadena_pd"
    verbose_name = _("Site")
