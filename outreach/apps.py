from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach: presentations and event requests")

    def ready(self):
        from outreach.selectors import RULES_MODELS, rules_memo

        # The policy and blackout days each process keeps move with these tables' writes.
        for model in RULES_MODELS:
            rules_memo.watch(model)
