"""What happens next for a family, by the state of their application.

One list of plain sentences, shown on the family's status page and in the decision emails,
so that the page and the email never say different things. Facts from DOMAIN.md and the
department's page: the center's hours and phone, pick-up from school campuses during the
school year, a Youth Advisor per member, the GPA goal, swimming in the summer.
"""

import datetime

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from pal.models.terms import CENTER_HOURS, CENTER_PHONE


def center_hours() -> list[tuple[str, datetime.time, datetime.time]]:
    """(weekday name, opens, closes) for each day the PAL center is open."""
    return [
        (WEEKDAYS[day], datetime.time.fromisoformat(start), datetime.time.fromisoformat(end))
        for day, start, end in CENTER_HOURS
    ]


def _hours_text() -> str:
    return "; ".join(
        _("%(day)s %(opens)s to %(closes)s")
        % {"day": day, "opens": time_format(opens), "closes": time_format(closes)}
        for day, opens, closes in center_hours()
    )


def _contact() -> str:
    return _("Questions? Call the PAL Center at %(phone)s (open %(hours)s).") % {
        "phone": CENTER_PHONE,
        "hours": _hours_text(),
    }


def next_steps(enrollment, *, decline_reason: str = "") -> list[str]:
    status = enrollment.Status
    child = enrollment.first_name
    term = enrollment.term
    if enrollment.status == status.SUBMITTED:
        steps = [
            _("PAL staff review applications in the order they arrive and email you the decision.")
        ]
    elif enrollment.status == status.WAITLISTED:
        steps = [
            _(
                "%(term)s is full. When a place frees up, the first family on the waiting list "
                "moves up and we email you."
            )
            % {"term": term.name}
        ]
    elif enrollment.status == status.ACCEPTED:
        steps = _accepted_steps(enrollment, child, term)
    elif enrollment.status == status.DECLINED:
        steps = [_("The reason: %(reason)s") % {"reason": decline_reason}] if decline_reason else []
        steps.append(_("You can apply again for another term when its enrollment opens."))
    else:
        steps = []
    return [*steps, _contact()]


def _accepted_steps(enrollment, child, term) -> list[str]:
    steps = [
        _("PAL starts on %(date)s (%(term)s).")
        % {"date": date_format(term.start_date, "DATE_FORMAT"), "term": term.name}
    ]
    campus = enrollment.campus
    if campus is not None and campus.pickup_time:
        steps.append(
            _(
                "On program days PAL picks %(child)s up at %(campus)s at %(time)s and drives "
                "them to the PAL center."
            )
            % {"child": child, "campus": campus.name, "time": time_format(campus.pickup_time)}
        )
    elif campus is not None:
        steps.append(
            _(
                "On program days PAL picks %(child)s up at %(campus)s after school and drives "
                "them to the PAL center."
            )
            % {"child": child, "campus": campus.name}
        )
    else:
        steps.append(
            _("Bring %(child)s to the PAL center during its opening hours: %(hours)s.")
            % {"child": child, "hours": _hours_text()}
        )
    closing = max(closes for _day, _opens, closes in center_hours())
    steps.append(
        _(
            "Collect %(child)s at the PAL center by %(time)s, when it closes. Only you and "
            "the people on your pick-up list may collect %(child)s."
        )
        % {"child": child, "time": time_format(closing)}
    )
    if enrollment.advisor is not None:
        advisor = enrollment.advisor
        text = _("%(child)s's Youth Advisor is %(name)s") % {"child": child, "name": advisor.name}
        if advisor.phone:
            text += _(", phone %(phone)s") % {"phone": advisor.phone}
        steps.append(text + ".")
    else:
        steps.append(_("We will tell you who %(child)s's Youth Advisor is.") % {"child": child})
    if term.is_school_year:
        steps.append(
            _(
                "Bring %(child)s's latest report card on the first day: the Youth Advisor uses "
                "it to plan tutoring towards a GPA of 2.0 or higher."
            )
            % {"child": child}
        )
    else:
        steps.append(_("On swimming days, pack swimwear and a towel."))
    return steps
