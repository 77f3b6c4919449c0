# A major event's one "notes" field was printed in the public feed (issue 14, gap 6). What
# was typed there so far is kept as the internal note, never published; the public note
# starts empty.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0005_exception_names_rules_and_day"),
    ]

    operations = [
        migrations.RenameField(model_name="majorevent", old_name="notes", new_name="internal_note"),
        migrations.AlterField(
            model_name="majorevent",
            name="internal_note",
            field=models.TextField(
                blank=True,
                help_text="Staffing, contacts, plans: for staff.",
                verbose_name="internal note",
            ),
        ),
        migrations.AddField(
            model_name="majorevent",
            name="public_note",
            field=models.TextField(
                blank=True,
                help_text="Printed in the public major events calendar, under the event's name.",
                verbose_name="public note",
            ),
        ),
    ]
