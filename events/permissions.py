"""Who may do what with events: every action of the app named, each with one predicate.

The admin (model pages and actions), the views, the templates (`{% has_perm %}`), the
private calendar feeds (events.feeds.scope) and the workflows (`Transition.permission`) all
ask these names, and nothing else decides. Names are distinct from Django's generated model
permissions (`events.view_event`...), so that the role groups' model permissions never grant
an events action by the back door.

Personal data (registrants, block-party hosts) is shown only to staff with a verified second
factor: every predicate that opens it includes `has_verified_device`.
"""

import rules

from pasadena_pd.permissions import has_verified_device, is_link_holder, is_system, staff_in
from pasadena_pd.roles import EVENT_COORDINATORS, NEIGHBORHOOD_SERVICES, SUPERVISORS

# --- Events predicates ------------------------------------------------------------------


is_coordinator = staff_in(EVENT_COORDINATORS)
is_supervisor = staff_in(SUPERVISORS)
is_neighborhood_services = staff_in(NEIGHBORHOOD_SERVICES)
# Everyone who looks at events and block parties.
is_events_staff = staff_in(EVENT_COORDINATORS, SUPERVISORS, NEIGHBORHOOD_SERVICES)

# Registrants' and hosts' names, addresses, phones: only with a verified second factor.
sees_registrants = is_coordinator & has_verified_device
sees_hosts = is_events_staff & has_verified_device
runs_national_night_out = is_coordinator & has_verified_device

# Events (public data): coordinators run them; Neighborhood Services and supervisors look.
rules.add_perm("events.browse_events", is_events_staff)
rules.add_perm("events.create_event", is_coordinator)
rules.add_perm("events.edit_event", is_coordinator)
rules.add_perm("events.remove_event", is_coordinator)
# The system builds the demo Academy series (seed_demo).
rules.add_perm("events.create_weekly_sessions", is_coordinator | is_system)
rules.add_perm("events.cancel_event", is_coordinator)
# An event that has ended is marked completed by the daily job, never by hand.
rules.add_perm("events.complete_event", is_system)

# Registrations (registrants' personal data).
rules.add_perm("events.view_registrants", sees_registrants)
rules.add_perm("events.export_registrations", sees_registrants)
rules.add_perm("events.edit_registration", sees_registrants)
rules.add_perm("events.cancel_registration", is_link_holder | sees_registrants)
# Promotion from the waitlist happens when a place frees up: the system's move.
rules.add_perm("events.promote_registration", is_system)
# Only whoever opens the link emailed to the address confirms it (issue 14).
rules.add_perm("events.confirm_registration", is_link_holder)

# Block parties (hosts' personal data) and National Night Out.
rules.add_perm("events.view_block_parties", sees_hosts)
rules.add_perm("events.edit_block_party", runs_national_night_out)
rules.add_perm("events.approve_block_party", runs_national_night_out)
rules.add_perm("events.decline_block_party", runs_national_night_out)
rules.add_perm("events.cancel_block_party", is_link_holder | runs_national_night_out)
# The host's address is confirmed by whoever opens the link emailed to it (issue 14).
rules.add_perm("events.confirm_block_party", is_link_holder)
rules.add_perm("events.view_visit_plan", runs_national_night_out)
rules.add_perm("events.manage_national_night_out_dates", is_coordinator)
