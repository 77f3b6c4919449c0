"""The open-requests cap reads contact_email__iexact on every request form POST (issue 20):
an index on UPPER(contact_email) instead of filtering every open request."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0009_unconfirmed_requests"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="presentationrequest",
            index=models.Index(
                django.db.models.functions.text.Upper("contact_email"),
                name="request_contact_email_upper",
            ),
        ),
    ]
