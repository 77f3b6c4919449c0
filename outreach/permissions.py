"""Who may do what with outreach requests and their special-resource bookings: every action
of the app named, each with one predicate.

The admin (pages and actions), the requester's page, the services and the workflow tables
(`Transition.permission`, outreach/workflow.py) all ask these names, and nothing else
decides. Names are distinct from Django's generated model permissions
(`outreach.view_presentationrequest`...), so that a role group's model permissions never
grant an outreach action by the back door.

Requesters' names, emails and phones are shown only to staff with a verified second factor:
the predicate that opens a request includes `has_verified_device`.
"""

import rules

from pasadena_pd.permissions import (
    SYSTEM,
    LinkHolder,
    allowed_by,
    can,
    has_verified_device,
    is_link_holder,
    is_system,
    staff_in,
)
from pasadena_pd.roles import EVENT_COORDINATORS, NEIGHBORHOOD_SERVICES, SUPERVISORS

__all__ = ["SYSTEM", "LinkHolder", "allowed_by", "can", "is_system"]

is_neighborhood_services = staff_in(NEIGHBORHOOD_SERVICES)
is_supervisor = staff_in(SUPERVISORS)
is_coordinator = staff_in(EVENT_COORDINATORS)


@rules.predicate
def is_awaiting_supervisor_approval(user, request) -> bool:
    return request is not None and request.status == "awaiting_supervisor_approval"


# Requests: the requester's personal data, so a verified second factor for every role.
# Coordinators look (they confirm the special resources a request books).
sees_requests = (is_neighborhood_services | is_supervisor | is_coordinator) & has_verified_device
rules.add_perm("outreach.view_requests", sees_requests)
# The change page's editable fields: the date, times and place (a move) and the specialist.
rules.add_perm("outreach.edit_request", sees_requests & (is_neighborhood_services | is_supervisor))

# The decisions, one per move of the request workflow (outreach/workflow.py).
rules.add_perm("outreach.approve_weekend_request", is_supervisor)
# A weekend request waiting for a supervisor is the supervisor's to decline.
rules.add_perm(
    "outreach.decline_request",
    is_supervisor | (is_neighborhood_services & ~is_awaiting_supervisor_approval),
)
rules.add_perm("outreach.schedule_request", is_neighborhood_services)
rules.add_perm("outreach.complete_request", is_neighborhood_services)
# The requester holds the private link; staff cancel on the requester's behalf.
rules.add_perm("outreach.cancel_request", is_link_holder | is_neighborhood_services | is_supervisor)
# Only whoever opens the link emailed to the contact address confirms it (issue 14).
rules.add_perm("outreach.confirm_request", is_link_holder)
# A move (date, times, place) is a new proposal; a moved weekend request goes back to the
# supervisor, which is part of the move (outreach.services.decisions.reschedule_request).
rules.add_perm("outreach.move_request", is_neighborhood_services)
rules.add_perm("outreach.assign_specialist", is_neighborhood_services | is_supervisor)
rules.add_perm("outreach.accept_exception", is_supervisor)

# Special-resource bookings (no personal data: resource, unit, window, request title).
rules.add_perm("outreach.view_bookings", is_neighborhood_services | is_supervisor | is_coordinator)
rules.add_perm("outreach.confirm_booking", is_coordinator)
# Units are booked and released only as a consequence of the request's own moves (submitted,
# moved, declined, cancelled): the system's move, never a person's.
rules.add_perm("outreach.release_booking", is_system)
