"""The events rules as plain functions over plain values (no database): whether an event
takes a registration now (registration.py), the night of National Night Out
(national_night_out.py)."""
