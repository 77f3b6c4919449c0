from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Community events")

    def ready(self):
        from events import permissions  # noqa: F401  (registers the events rules)
