from django.utils.translation import ngettext


class EventsError(Exception):
    """A request the events services refuse; the message is for the person who asked."""


class PartyTooLarge(EventsError):
    """Some places are left, fewer than the party: the registrant chooses, never silently
    waitlisted while smaller parties after them are confirmed."""

    def __init__(self, places_left: int, party_size: int):
        self.places_left = places_left
        self.party_size = party_size
        super().__init__(
            ngettext(
                "Only %(left)d place is left and your party is %(size)d people. Register "
                "%(left)d person now, or join the waitlist for all %(size)d.",
                "Only %(left)d places are left and your party is %(size)d people. Register "
                "%(left)d people now, or join the waitlist for all %(size)d.",
                places_left,
            )
            % {"left": places_left, "size": party_size}
        )
