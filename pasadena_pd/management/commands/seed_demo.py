import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app seeds its own demo data in `<app>/demo.py::seed()`; order matters (events use areas).
DEMO_MODULES = ["outreach.demo", "events.demo", "pal.demo"]


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            with transaction.atomic():
                module.seed()
            self.stdout.write(f"Demo data ready: {module_name.split('.')[0]}")
