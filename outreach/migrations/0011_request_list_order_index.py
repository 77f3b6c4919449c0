"""The requests change list pages through every request in Meta.ordering (date, start time,
id): PostgreSQL sorted all of them for each page of 100 (issue 20). With this index it reads
the page in order; the date hierarchy's first and last day come from its ends."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0010_contact_email_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="presentationrequest",
            index=models.Index(fields=["date", "start_time", "id"], name="request_list_order"),
        ),
    ]
