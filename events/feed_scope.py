"""Who sees what in a private staff calendar feed. Pure: no database.

- Supervisors (and superusers) oversee everything: every area's scheduled requests, every
  approved block party, every special-resource booking.
- Event coordinators run National Night Out and confirm special resources: every approved
  block party and every booking.
- A Neighborhood Police Specialist sees their own area's scheduled requests (with the
  requester's contact details) and its approved block parties.
Anyone else gets an empty calendar (their feed still works, so nothing breaks when a role
is added later).
"""

from dataclasses import dataclass

from pasadena_pd.roles import EVENT_COORDINATORS, SUPERVISORS

EVERY_AREA = None


@dataclass(frozen=True)
class PrivateFeedScope:
    # For each kind: False (not shown), or the areas shown (EVERY_AREA = all of them).
    request_areas: frozenset | None | bool
    block_party_areas: frozenset | None | bool
    bookings: bool

    @property
    def shows_requests(self) -> bool:
        return self.request_areas is not False

    @property
    def shows_block_parties(self) -> bool:
        return self.block_party_areas is not False


def private_feed_scope(
    *, is_superuser: bool, roles: set[str], specialist_area_id: int | None
) -> PrivateFeedScope:
    oversees = is_superuser or SUPERVISORS in roles
    coordinates = oversees or EVENT_COORDINATORS in roles
    own_area = frozenset({specialist_area_id}) if specialist_area_id is not None else False
    return PrivateFeedScope(
        request_areas=EVERY_AREA if oversees else own_area,
        block_party_areas=EVERY_AREA if coordinates else own_area,
        bookings=coordinates,
    )
