from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Community events")

    def ready(self):
        from events import permissions  # noqa: F401  (registers the events rules)
        from events.models import NationalNightOutDate
        from events.selectors import PUBLIC_EVENT_MODELS, nno_dates_memo, public_event_memo
        from outreach.models import Area

        nno_dates_memo.watch(NationalNightOutDate)
        for model in (*PUBLIC_EVENT_MODELS, Area):
            public_event_memo.watch(model)
