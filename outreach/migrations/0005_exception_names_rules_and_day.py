"""A move is a new proposal; an exception names the rules and the day it excuses.

- `proposed_on`: the day notice is counted from. Existing requests were proposed on the day
  they were submitted (their local date), which is what the rules counted from until now.
- An exception accepted before this migration was a blanket one; it becomes an exception
  for the request's current day and every rule code there was, so that nothing accepted
  changes meaning until the request moves (then it lapses, as every exception does).
"""

import django.contrib.postgres.fields
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

PACIFIC = "America/Los_Angeles"
# outreach.rules.ALL_CODES when this migration was written.
ALL_RULE_CODES = [
    "min_notice",
    "weekend_min_notice",
    "weekend_min_duration",
    "weekend_supervisor_approval",
    "major_event_conflict",
    "resource_lead_time",
    "resource_unavailable",
    "max_advance",
]


def fill_from_the_past(apps, schema_editor):
    from zoneinfo import ZoneInfo

    Request = apps.get_model("outreach", "PresentationRequest")
    pacific = ZoneInfo(PACIFIC)
    for request in Request.objects.only("pk", "created_at", "date", "exception_accepted_at"):
        request.proposed_on = request.created_at.astimezone(pacific).date()
        fields = ["proposed_on"]
        if request.exception_accepted_at is not None:
            request.exception_date = request.date
            request.exception_rule_codes = ALL_RULE_CODES
            fields += ["exception_date", "exception_rule_codes"]
        request.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0004_major_event_calendar_uid"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="presentationrequest",
            name="exception_date",
            field=models.DateField(blank=True, null=True, verbose_name="exception for the day"),
        ),
        migrations.AddField(
            model_name="presentationrequest",
            name="exception_rule_codes",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=40),
                blank=True,
                default=list,
                size=None,
                verbose_name="rules excused",
            ),
        ),
        migrations.AddField(
            model_name="presentationrequest",
            name="proposed_on",
            field=models.DateField(
                default=django.utils.timezone.localdate, verbose_name="proposed on"
            ),
        ),
        migrations.RunPython(fill_from_the_past, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="presentationrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("exception_accepted_at__isnull", True),
                        ("exception_date__isnull", True),
                        ("exception_rule_codes", []),
                    ),
                    models.Q(
                        ("exception_accepted_at__isnull", False),
                        ("exception_date__isnull", False),
                        models.Q(("exception_rule_codes", []), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="request_exception_names_rules_and_day",
                violation_error_message="An exception names the rules and the day it excuses.",
            ),
        ),
    ]
