"""Every (state, target, actor) of the outreach workflows → allowed or refused, against one
expected table; a move added to a workflow without a row here fails."""

import itertools

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser

from outreach.models import PresentationRequest, ResourceBooking
from outreach.permissions import SYSTEM, LinkHolder
from outreach.workflow import BOOKING_WORKFLOW, REQUEST_WORKFLOW
from pasadena_pd.roles import (
    EVENT_COORDINATORS,
    NEIGHBORHOOD_SERVICES,
    PAL_STAFF,
    SUPERVISORS,
    YOUTH_ADVISORS,
)
from pasadena_pd.workflow import WORKFLOWS
from tests.factories import UserFactory
from tests.outreach.factories import PresentationRequestFactory
from tests.security.otp import verify_client

pytestmark = pytest.mark.django_db

S = PresentationRequest.Status
B = ResourceBooking.State
ROLES = {
    "neighborhood services": [NEIGHBORHOOD_SERVICES],
    "supervisor": [SUPERVISORS],
    "event coordinator": [EVENT_COORDINATORS],
    "PAL staff": [PAL_STAFF],
    "youth advisor": [YOUTH_ADVISORS],
}
ACTORS = [
    "anonymous",
    "requester (private link)",
    "someone else's link",
    "system",
    *ROLES,
    "former neighborhood services (staff flag off)",
    "superuser",
]
CANCELLERS = {"requester (private link)", "neighborhood services", "supervisor", "superuser"}

REQUEST_MOVES = {
    # Only the link emailed to the contact address confirms it (issue 14).
    (S.UNCONFIRMED, S.PENDING_REVIEW): {"requester (private link)"},
    (S.UNCONFIRMED, S.AWAITING_SUPERVISOR_APPROVAL): {"requester (private link)"},
    (S.AWAITING_SUPERVISOR_APPROVAL, S.PENDING_REVIEW): {"supervisor", "superuser"},
    (S.AWAITING_SUPERVISOR_APPROVAL, S.DECLINED): {"supervisor", "superuser"},
    (S.AWAITING_SUPERVISOR_APPROVAL, S.CANCELLED): CANCELLERS,
    (S.PENDING_REVIEW, S.SCHEDULED): {"neighborhood services", "superuser"},
    (S.PENDING_REVIEW, S.DECLINED): {"neighborhood services", "supervisor", "superuser"},
    (S.PENDING_REVIEW, S.CANCELLED): CANCELLERS,
    # A move of a weekend request sends it back to the supervisor.
    (S.PENDING_REVIEW, S.AWAITING_SUPERVISOR_APPROVAL): {"neighborhood services", "superuser"},
    (S.SCHEDULED, S.COMPLETED): {"neighborhood services", "superuser"},
    (S.SCHEDULED, S.CANCELLED): CANCELLERS,
    (S.SCHEDULED, S.AWAITING_SUPERVISOR_APPROVAL): {"neighborhood services", "superuser"},
}
BOOKING_MOVES = {
    (B.PENDING_PREPLANNING, B.CONFIRMED): {"event coordinator", "superuser"},
    (B.PENDING_PREPLANNING, B.RELEASED): {"system"},
    (B.CONFIRMED, B.RELEASED): {"system"},
}


@pytest.fixture
def actors(db):
    def make(name, token):
        if name == "anonymous":
            return AnonymousUser()
        if name == "requester (private link)":
            return LinkHolder(token)
        if name == "someone else's link":
            return LinkHolder("not-this-requests-token")
        if name == "system":
            return SYSTEM
        if name == "superuser":
            return UserFactory(username="chief", is_superuser=True)
        if name.startswith("former"):
            return UserFactory(username="former", roles=[NEIGHBORHOOD_SERVICES], is_staff=False)
        return UserFactory(username=name.replace(" ", "-"), roles=ROLES[name])

    return make


def test_every_move_of_the_tables_is_in_the_expected_matrix():
    # The access matrix finds the outreach workflows by name.
    assert WORKFLOWS["outreach.request"] is REQUEST_WORKFLOW
    assert WORKFLOWS["outreach.booking"] is BOOKING_WORKFLOW
    assert set(REQUEST_WORKFLOW.transitions) == set(REQUEST_MOVES)
    assert set(BOOKING_WORKFLOW.transitions) == set(BOOKING_MOVES)


@pytest.mark.parametrize("actor_name", ACTORS)
def test_request_moves_by_actor(actors, actor_name):
    request = PresentationRequestFactory.build()
    actor = actors(actor_name, request.token)
    for source, target in itertools.product(S, S):
        request.status = source
        transition = REQUEST_WORKFLOW.transitions.get((source, target))
        allowed = transition is not None and transition.allows(actor, request)
        expected = actor_name in REQUEST_MOVES.get((source, target), set())
        assert (source, target, allowed) == (source, target, expected)


@pytest.mark.parametrize("actor_name", ACTORS)
def test_booking_moves_by_actor(actors, actor_name):
    booking = ResourceBooking()
    actor = actors(actor_name, "")
    for source, target in itertools.product(B, B):
        booking.state = source
        transition = BOOKING_WORKFLOW.transitions.get((source, target))
        allowed = transition is not None and transition.allows(actor, booking)
        expected = actor_name in BOOKING_MOVES.get((source, target), set())
        assert (source, target, allowed) == (source, target, expected)


def test_requests_admin_needs_a_verified_second_factor(client, area):
    """The requesters' names, emails and phones: no role opens them with a password only."""
    request = PresentationRequestFactory(area=area, contact_name="Rosa Resident")
    page = f"/admin/outreach/presentationrequest/{request.pk}/change/"
    staff = UserFactory(username="nsu", roles=[NEIGHBORHOOD_SERVICES])
    client.force_login(staff)
    response = client.get(page)
    assert response.status_code == 302
    assert "Rosa Resident" not in response.content.decode()
    verify_client(client, staff)
    assert "Rosa Resident" in client.get(page).content.decode()


def test_pal_staff_never_open_requests(client, area):
    PresentationRequestFactory(area=area, contact_name="Rosa Resident")
    verify_client(client, UserFactory(username="pal", roles=[PAL_STAFF]))
    response = client.get("/admin/outreach/presentationrequest/")
    assert response.status_code == 403
    assert "Rosa Resident" not in response.content.decode()


def test_an_action_a_role_may_not_take_is_not_offered_nor_run(client, area):
    """A coordinator (who may look) neither sees nor can post "schedule"."""
    request = PresentationRequestFactory(area=area)
    verify_client(client, UserFactory(username="coord", roles=[EVENT_COORDINATORS]))
    page = client.get("/admin/outreach/presentationrequest/").content.decode()
    assert 'value="schedule"' not in page
    client.post(
        "/admin/outreach/presentationrequest/",
        {"action": "schedule", "_selected_action": [request.pk]},
    )
    request.refresh_from_db()
    assert request.status == S.PENDING_REVIEW


# Admin actions × role (signed in with a verified second factor): the actions offered.
ADMIN_ACTIONS = {
    "presentationrequest": {
        "approve_weekend": {"supervisor", "superuser"},
        "schedule": {"neighborhood services", "superuser"},
        "assign_area_specialist": {"neighborhood services", "supervisor", "superuser"},
        "decline": {"neighborhood services", "supervisor", "superuser"},
        "accept_exception": {"supervisor", "superuser"},
        "mark_completed": {"neighborhood services", "superuser"},
        "cancel": {"neighborhood services", "supervisor", "superuser"},
    },
    "resourcebooking": {"confirm": {"event coordinator", "superuser"}},
}


@pytest.mark.parametrize("actor_name", [*ROLES, "superuser"])
@pytest.mark.parametrize("model", sorted(ADMIN_ACTIONS))
def test_admin_actions_offered_by_role(actors, rf, actor_name, model):

    from outreach import models

    model_admin = admin.site._registry[
        models.PresentationRequest if model == "presentationrequest" else models.ResourceBooking
    ]
    user = actors(actor_name, "")
    user.is_verified = lambda: True
    request = rf.get(f"/admin/outreach/{model}/")
    request.user = user
    offered = set(model_admin.get_actions(request))
    expected = {name for name, who in ADMIN_ACTIONS[model].items() if actor_name in who}
    assert offered == expected
    # Every action of the admin has a row here.
    assert set(model_admin.actions) == set(ADMIN_ACTIONS[model])


def test_no_move_is_open_to_anyone():
    """A transition names who may make it: there is no default permission."""
    from pasadena_pd.workflow import Transition

    with pytest.raises(TypeError):
        Transition(S.PENDING_REVIEW, S.CANCELLED)
    moves = [t for workflow in WORKFLOWS.values() for t in workflow.transitions.values()]
    assert all(callable(t.permission) for t in moves)
