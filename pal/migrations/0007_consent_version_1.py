from django.db import migrations
from django.db.models import F

from pasadena_pd.roles import sync_roles

# The wording of the form when versions began (the form's labels, English and Spanish).
VERSION_1 = {
    "en": {
        "participation": "I allow my child to take part in PAL activities",
        "transportation": "I allow PAL to drive my child from school to the PAL center",
        "media": "May PAL use photos or videos in which my child appears?",
    },
    "es": {
        "participation": "Autorizo a mi hijo o hija a participar en las actividades de PAL",
        "transportation": (
            "Autorizo a PAL a llevar a mi hijo o hija en vehículo de la escuela al centro de PAL"
        ),
        "media": "¿Puede PAL usar fotos o videos en los que aparezca su hijo o hija?",
    },
}


def create_version_1(apps, schema_editor):
    """Version 1 from the text families signed so far; every enrollment is linked to it."""
    ConsentVersion = apps.get_model("pal", "ConsentVersion")
    ConsentText = apps.get_model("pal", "ConsentText")
    Enrollment = apps.get_model("pal", "Enrollment")
    if ConsentVersion.objects.exists():
        return
    version = ConsentVersion.objects.create(number=1, summary="First version")
    for language, texts in VERSION_1.items():
        ConsentText.objects.create(version=version, language=language, **texts)
    Enrollment.objects.filter(consent_version__isnull=True).update(
        consent_version=version, consented_at=F("signed_at")
    )


def unlink(apps, schema_editor):
    apps.get_model("pal", "Enrollment").objects.update(consent_version=None, consented_at=None)
    apps.get_model("pal", "ConsentText").objects.all().delete()
    apps.get_model("pal", "ConsentVersion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("pal", "0006_consent_versions"), ("pasadena_pd", "0002_roles")]

    # PAL Staff publish versions (view and add; never change nor delete): pasadena_pd/roles.py.
    operations = [
        migrations.RunPython(create_version_1, unlink),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
