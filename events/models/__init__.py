"""Community events: events and their sessions, registrations, National Night Out."""

from events.models.block_party import BlockParty
from events.models.event import Event, EventSession
from events.models.national_night_out import NationalNightOutDate
from events.models.registration import Registration

__all__ = ["BlockParty", "Event", "EventSession", "NationalNightOutDate", "Registration"]
