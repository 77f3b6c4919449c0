from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PasadenaPdConfig(AppConfig):
    name = "pasadena_pd"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import post_migrate

        from pasadena_pd.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="pasadena_pd.sync_roles")

        # Every admin's date hierarchy refuses impossible years instead of failing (a 500).
        from django.contrib import admin

        from pasadena_pd.security.admin import bound_date_hierarchies

        bound_date_hierarchies(admin.site)
