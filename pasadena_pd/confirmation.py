"""Addresses confirmed before anything is held (issue 14). A public submission starts
unconfirmed: it holds no resource, place or waitlist position until the link emailed to its
address is opened and confirmed, and it expires after UNCONFIRMED_EXPIRE_HOURS. Until then,
emails to that address carry no text typed by the sender beyond their own name."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from pasadena_pd.models import RecordActivity, StateChange


def expires_at(created_at: datetime.datetime) -> datetime.datetime:
    return created_at + datetime.timedelta(hours=settings.UNCONFIRMED_EXPIRE_HOURS)


def has_expired(created_at: datetime.datetime, now: datetime.datetime) -> bool:
    return now >= expires_at(created_at)


def expired_before(now: datetime.datetime) -> datetime.datetime:
    """Unconfirmed submissions created before this moment have expired."""
    return now - datetime.timedelta(hours=settings.UNCONFIRMED_EXPIRE_HOURS)


def delete_expired(queryset) -> int:
    """Delete expired unconfirmed records and their history: an address that never
    confirmed leaves nothing behind. Returns how many records went."""
    model = queryset.model
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    StateChange.objects.filter(content_type=content_type, object_id__in=pks).delete()
    RecordActivity.objects.filter(content_type=content_type, object_id__in=pks).delete()
    model.objects.filter(pk__in=pks).delete()
    return len(pks)
