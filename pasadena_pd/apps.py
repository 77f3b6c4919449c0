from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PasadenaPdConfig(AppConfig):
    name = "pasadena_pd"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from pasadena_pd import permissions  # noqa: F401  (registers the site's rules)
        from pasadena_pd.page_cache import data_changed
        from pasadena_pd.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="pasadena_pd.sync_roles")
        # Cache invalidation only: the page cache's version follows every data change.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(data_changed, dispatch_uid=f"page-cache-{signal}")

        # Every admin's date hierarchy refuses impossible years instead of failing (a 500).
        from django.contrib import admin

        from pasadena_pd.security.admin import bound_date_hierarchies

        bound_date_hierarchies(admin.site)
