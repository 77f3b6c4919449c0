"""PAL's writes, one module per concern; each service names its side effects.

enrollments.py: applications (submit, decide, withdraw) and summer places. advising.py: GPAs
and advisor notes. pick_up.py: the family's pick-up list. No member's name or details are
ever logged (members are minors): log lines carry primary keys only.
"""
