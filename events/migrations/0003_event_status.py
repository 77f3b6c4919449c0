from django.db import migrations, models


def cancelled_checkbox_to_status(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Event.objects.filter(cancelled=True).update(status="cancelled")


def status_to_cancelled_checkbox(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Event.objects.filter(status="cancelled").update(cancelled=True)


class Migration(migrations.Migration):
    """An event's state (scheduled / cancelled / completed) replaces the `cancelled` checkbox.

    The state is moved only by the event workflow (events.models.event.EVENT_WORKFLOW), so
    that cancelling always goes through `cancel_event`, which emails the registrants.
    Events that have already ended stay "scheduled" here; the daily completion job
    (complete_past_events) moves them, with history.
    """

    dependencies = [
        ("events", "0002_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="status",
            field=models.CharField(
                choices=[
                    ("scheduled", "Scheduled"),
                    ("cancelled", "Cancelled"),
                    ("completed", "Completed"),
                ],
                default="scheduled",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(cancelled_checkbox_to_status, status_to_cancelled_checkbox),
        migrations.RemoveConstraint(model_name="event", name="event_cancellation_has_reason"),
        migrations.RemoveField(model_name="event", name="cancelled"),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "cancelled"), _negated=True)
                | models.Q(("cancellation_reason", ""), _negated=True),
                name="event_cancellation_has_reason",
                violation_error_message="Please give a reason for the cancellation.",
            ),
        ),
    ]
