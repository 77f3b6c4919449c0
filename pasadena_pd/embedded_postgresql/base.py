"""The first connection starts the embedded server and learns its socket (pgserver picks
the socket directory when it starts, so the address cannot be known before)."""

from django.db.backends.postgresql import base

from pasadena_pd import embedded_db


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        # settings_dict is settings.DATABASES["default"] itself: tools that read the setting
        # afterwards (backup_db's pg_dump) get the address too.
        self.settings_dict.update(embedded_db.ensure_running())
        return super().get_connection_params()
