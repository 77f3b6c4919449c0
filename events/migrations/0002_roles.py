from django.db import migrations

from pasadena_pd.roles import sync_roles


class Migration(migrations.Migration):
    """Give the staff groups their permissions on the events models."""

    dependencies = [
        ("events", "0001_initial"),
        ("pasadena_pd", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
