"""The database cache table, made by `migrate`: no separate `createcachetable` step to forget.

Made for every database cache in settings.CACHES and always for `django_cache`, the table of
the default (no CACHE_URL), so that a site that later drops CACHE_URL finds it too. A site
whose table is missing anyway still answers every page (pasadena_pd.fail_soft_cache).
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

DEFAULT_TABLE = "django_cache"


def create_cache_tables(apps, schema_editor):
    tables = {DEFAULT_TABLE} | {
        caches[alias]._table
        for alias in settings.CACHES
        if isinstance(caches[alias], BaseDatabaseCache)
    }
    command = CreateCacheTable()
    command.verbosity = 0
    for table in sorted(tables):
        # Django's own `createcachetable`, one table at a time; an existing table is kept.
        command.create_table(schema_editor.connection.alias, table, dry_run=False)


class Migration(migrations.Migration):
    dependencies = [
        ("pasadena_pd", "0004_calendar_feed_state"),
    ]

    # The table is a cache: going back leaves it in place (nothing depends on its absence).
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
