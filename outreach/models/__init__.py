"""Outreach: the city's areas and what staff keep about them (areas.py), and the residents'
requests with their special-resource bookings (requests.py)."""

from outreach.models.areas import (
    DEFAULT_SPECIAL_RESOURCES,
    Area,
    MajorEvent,
    RequestPolicy,
    Specialist,
    SpecialResource,
)
from outreach.models.requests import PresentationRequest, RequestKind, ResourceBooking

__all__ = [
    "DEFAULT_SPECIAL_RESOURCES",
    "Area",
    "MajorEvent",
    "PresentationRequest",
    "RequestKind",
    "RequestPolicy",
    "ResourceBooking",
    "SpecialResource",
    "Specialist",
]
