"""RecordActivity: the history of what is done to a record without moving its state.

Until now such entries were stored as StateChange rows from a state to itself (outreach:
exceptions accepted, specialists assigned, moves of date or place); they move here, with
their kind read from the only three texts the code wrote, and leave the state history.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The texts outreach.decisions wrote (English; the site had no other language then).
KIND_BY_PREFIX = (
    ("Exception to the rules accepted", "exception"),
    ("Assigned to ", "assigned"),
    ("Date, time or place changed", "moved"),
)


def kind_of(reason: str) -> str:
    for prefix, kind in KIND_BY_PREFIX:
        if reason.startswith(prefix):
            return kind
    return "note"


def move_non_state_entries(apps, schema_editor):
    StateChange = apps.get_model("pasadena_pd", "StateChange")
    RecordActivity = apps.get_model("pasadena_pd", "RecordActivity")
    same_state = StateChange.objects.filter(from_state=models.F("to_state")).exclude(to_state="")
    for change in same_state.iterator():
        activity = RecordActivity.objects.create(
            content_type_id=change.content_type_id,
            object_id=change.object_id,
            kind=kind_of(change.reason),
            detail=change.reason,
            done_by_id=change.changed_by_id,
            actor_label=change.actor_label,
        )
        # auto_now_add set "now"; keep when it happened.
        RecordActivity.objects.filter(pk=activity.pk).update(done_at=change.changed_at)
    same_state.delete()


def restore_non_state_entries(apps, schema_editor):
    """Back to StateChange rows from a state to itself (the subject's current state)."""
    StateChange = apps.get_model("pasadena_pd", "StateChange")
    RecordActivity = apps.get_model("pasadena_pd", "RecordActivity")
    for activity in RecordActivity.objects.select_related("content_type").iterator():
        model = apps.get_model(activity.content_type.app_label, activity.content_type.model)
        field = next((f.name for f in model._meta.fields if f.name in ("status", "state")), None)
        row = model.objects.filter(pk=activity.object_id).values(field).first() if field else None
        state = (row or {}).get(field) or ""
        change = StateChange.objects.create(
            content_type_id=activity.content_type_id,
            object_id=activity.object_id,
            from_state=state,
            to_state=state,
            changed_by_id=activity.done_by_id,
            actor_label=activity.actor_label,
            reason=activity.detail,
        )
        StateChange.objects.filter(pk=change.pk).update(changed_at=activity.done_at)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("pasadena_pd", "0005_cache_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RecordActivity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("moved", "Moved (date, time or place)"),
                            ("exception", "Exception to the rules accepted"),
                            ("assigned", "Assigned"),
                            ("note", "Note"),
                        ],
                        max_length=20,
                        verbose_name="what",
                    ),
                ),
                ("detail", models.TextField(blank=True, verbose_name="detail")),
                ("actor_label", models.CharField(blank=True, max_length=60, verbose_name="actor")),
                (
                    "done_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when"),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"
                    ),
                ),
                (
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
            ],
            options={
                "verbose_name": "activity",
                "verbose_name_plural": "activity",
                "ordering": ["done_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["content_type", "object_id"], name="pasadena_pd_content_c10eaf_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(move_non_state_entries, restore_non_state_entries),
    ]
