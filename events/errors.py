class EventsError(Exception):
    """A request the events services refuse; the message is for the person who asked."""
