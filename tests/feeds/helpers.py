"""Reading feeds back the way a calendar app does."""

import icalendar


def parse(response) -> icalendar.Calendar:
    """The feed as a calendar app reads it."""
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar) -> list:
    return list(calendar.walk("VEVENT"))


def by_summary(calendar) -> dict:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
