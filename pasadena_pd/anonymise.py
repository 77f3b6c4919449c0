"""What every app's retention module shares: the history's reasons and the activity's
details of anonymised records (free text that may name a person) are blanked; the moves,
the activities and their dates stay."""

from django.contrib.contenttypes.models import ContentType

from pasadena_pd.models import RecordActivity, StateChange


def blank_history_reasons(model, pks) -> int:
    content_type = ContentType.objects.get_for_model(model)
    pks = list(pks)
    RecordActivity.objects.filter(content_type=content_type, object_id__in=pks).exclude(
        detail=""
    ).update(detail="")
    return (
        StateChange.objects.filter(content_type=content_type, object_id__in=pks)
        .exclude(reason="")
        .update(reason="")
    )
