"""What every app's retention module shares: the history's reasons of anonymised records
(free text that may name a person) are blanked; the moves and their dates stay."""

from django.contrib.contenttypes.models import ContentType

from pasadena_pd.models import StateChange


def blank_history_reasons(model, pks) -> int:
    content_type = ContentType.objects.get_for_model(model)
    return (
        StateChange.objects.filter(content_type=content_type, object_id__in=list(pks))
        .exclude(reason="")
        .update(reason="")
    )
