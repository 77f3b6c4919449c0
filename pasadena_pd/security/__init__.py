"""Site-wide protections: two-factor for staff, login lockout, error pages, private logs.

docs/security.md lists each protection, what it defends against and the test that proves it.
"""
