"""A stored random calendar UID for every major event (the feeds' UID was built from the
row id, which repeats between installations).

Three steps, because a column default is computed once: adding the field with
`default=uuid4` would give every existing row the same value and fail the unique index.
"""

import uuid

from django.db import migrations, models


def give_each_major_event_a_uid(apps, schema_editor):
    MajorEvent = apps.get_model("outreach", "MajorEvent")
    for event in MajorEvent.objects.filter(uid__isnull=True).only("pk"):
        event.uid = uuid.uuid4()
        # update_fields: the UID is not a change subscribers should see as an edit.
        event.save(update_fields=["uid"])


class Migration(migrations.Migration):
    dependencies = [("outreach", "0003_request_roles")]

    operations = [
        migrations.AddField(
            model_name="majorevent",
            name="uid",
            field=models.UUIDField(editable=False, null=True, verbose_name="calendar UID"),
        ),
        migrations.RunPython(give_each_major_event_a_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="majorevent",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="calendar UID"
            ),
        ),
    ]
