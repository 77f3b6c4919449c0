"""Consent versions: the wording families read now, whose consent is on an older one, and
consenting again (the family, on its status page). Side effects named per service."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from pal.errors import ConsentError
from pal.models import ConsentText, ConsentVersion, Enrollment
from pasadena_pd.models import RecordActivity
from pasadena_pd.workflow import record_activity

# The wording of version 1 (also written by migration 0006); later versions are published
# in the admin.
FIRST_WORDING = {
    "participation": _("I allow my child to take part in PAL activities"),
    "transportation": _("I allow PAL to drive my child from school to the PAL center"),
    "media": _("May PAL use photos or videos in which my child appears?"),
}


def current_version() -> ConsentVersion:
    """The newest version; version 1 is written from FIRST_WORDING when there is none yet
    (a database emptied by a test, say)."""
    version = ConsentVersion.objects.current()
    if version is not None:
        return version
    with transaction.atomic():
        version = ConsentVersion.objects.create(summary="First version")
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                ConsentText.objects.create(
                    version=version,
                    language=code,
                    **{part: str(text) for part, text in FIRST_WORDING.items()},
                )
    return version


def needs_new_consent(enrollment: Enrollment, current: ConsentVersion) -> bool:
    """An open application whose consent is on another version than the current one."""
    return (
        enrollment.anonymised_at is None
        and enrollment.status not in (Enrollment.Status.DECLINED, Enrollment.Status.WITHDRAWN)
        and enrollment.consent_version_id != current.pk
    )


@sensitive_variables("signature")
def renew_consent(
    enrollment: Enrollment,
    *,
    version,
    consent_participation: bool,
    media_consent: bool,
    signature: str,
    consent_transportation: bool = False,
) -> None:
    """The family (status link) agrees to the current consent version: the enrollment now
    points at it, with the answers and the time; dated in the record's activity."""
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if not needs_new_consent(enrollment, version) or version != current_version():
            raise ConsentError(
                gettext("There is nothing to consent to again for this application.")
            )
        if not consent_participation:
            raise ConsentError(gettext("PAL needs your consent for your child to take part."))
        enrollment.consent_version = version
        enrollment.consented_at = timezone.now()
        enrollment.media_consent = media_consent
        if enrollment.needs_transportation:
            enrollment.consent_transportation = consent_transportation
        enrollment.save(
            update_fields=[
                "consent_version",
                "consented_at",
                "media_consent",
                "consent_transportation",
                "updated_at",
            ]
        )
        record_activity(
            enrollment,
            RecordActivity.Kind.NOTE,
            actor_label="guardian",
            detail=gettext(
                "Consent version %(number)s signed by %(signature)s; photos and media: %(media)s"
            )
            % {
                "number": version.number,
                "signature": signature,
                "media": gettext("yes") if media_consent else gettext("no"),
            },
        )
