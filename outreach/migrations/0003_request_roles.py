from django.db import migrations

from pasadena_pd.roles import sync_roles


class Migration(migrations.Migration):
    """Give the staff roles their permissions on requests and bookings."""

    dependencies = [
        ("outreach", "0002_requests_and_bookings"),
        ("pasadena_pd", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
