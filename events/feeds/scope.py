"""Who sees what in a private staff calendar feed. Pure: no database.

- Supervisors (and superusers) oversee everything: every area's scheduled requests, every
  approved block party, every special-resource booking.
- Event coordinators run National Night Out and confirm special resources: every approved
  block party and every booking.
- A Neighborhood Police Specialist sees their own area's scheduled requests (with the
  requester's contact details) and its approved block parties.
Each kind is shown only while the owner's own rules still open it (`sees_*`, asked of the
apps' permission modules by the caller: requests and block parties hold personal data).
Anyone left with nothing to see gets no feed at all (`shows_nothing`: the view answers 404).
"""

from dataclasses import dataclass

from pasadena_pd.roles import EVENT_COORDINATORS, NEIGHBORHOOD_SERVICES, SUPERVISORS

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

    @property
    def shows_nothing(self) -> bool:
        return not (self.shows_requests or self.shows_block_parties or self.bookings)


def private_feed_scope(
    *,
    is_superuser: bool,
    roles: set[str],
    specialist_area_id: int | None,
    sees_requests: bool = True,
    sees_block_parties: bool = True,
    sees_bookings: bool = True,
) -> PrivateFeedScope:
    oversees = is_superuser or SUPERVISORS in roles
    coordinates = oversees or EVENT_COORDINATORS in roles
    # A specialist's own area, while they hold the Neighborhood Services role.
    is_specialist = specialist_area_id is not None and NEIGHBORHOOD_SERVICES in roles
    own_area = frozenset({specialist_area_id}) if is_specialist else False
    return PrivateFeedScope(
        request_areas=(EVERY_AREA if oversees else own_area) if sees_requests else False,
        block_party_areas=(EVERY_AREA if coordinates else own_area)
        if sees_block_parties
        else False,
        bookings=coordinates and sees_bookings,
    )
