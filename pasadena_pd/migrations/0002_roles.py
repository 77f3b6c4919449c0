from django.db import migrations

from pasadena_pd.roles import sync_roles


class Migration(migrations.Migration):
    """Create the staff groups with their permissions (re-run by later apps' migrations)."""

    dependencies = [
        ("pasadena_pd", "0001_initial"),
        ("outreach", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
