from django.db import migrations

from pasadena_pd.roles import sync_roles


class Migration(migrations.Migration):
    """Give PAL Staff and Youth Advisors their pal permissions (see pasadena_pd/roles.py)."""

    dependencies = [
        ("pal", "0001_initial"),
        ("pasadena_pd", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
