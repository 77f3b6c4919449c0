"""Outreach's writes, one module per concern; each service names its side effects.

submission.py: a resident submits or cancels a request. decisions.py: staff decide, move and
excuse. bookings.py: special-resource units held for a request. major_events.py: the
built-in blackout days stored for staff to see.
"""
