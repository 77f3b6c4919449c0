import pytest

from pasadena_pd.feed_tokens import create_feed_token, revoke_feed_token
from pasadena_pd.models import CalendarFeedToken
from pasadena_pd.roles import EVENT_COORDINATORS, SUPERVISORS
from pasadena_pd.workflow import TransitionError, history_of
from tests.factories import UserFactory
from tests.security.otp import verified

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    """The client in the staff workspace as `user` (past the two-factor step once the
    hardening branch adds one)."""
    try:
        from tests.security.otp import verify_client
    except ImportError:
        client.force_login(user)
        return client
    return verify_client(client, user)


def test_staff_member_creates_their_own_feed_address():
    user = UserFactory(roles=[EVENT_COORDINATORS])

    token = create_feed_token(owner=user, by=user)

    assert token.status == CalendarFeedToken.Status.ACTIVE
    assert len(token.token) == 32
    assert [(c.from_state, c.to_state) for c in history_of(token)] == [("", "active")]


def test_a_new_address_revokes_the_old_one():
    user = UserFactory()
    old = create_feed_token(owner=user, by=user)

    new = create_feed_token(owner=user, by=user)

    old.refresh_from_db()
    assert old.status == CalendarFeedToken.Status.REVOKED
    assert new.token != old.token
    assert list(CalendarFeedToken.objects.active().filter(user=user)) == [new]
    assert history_of(old).last().reason == "Replaced by a new address."


def test_staff_cannot_manage_someone_elses_feed():
    owner, other = UserFactory(), UserFactory(roles=[EVENT_COORDINATORS])
    token = create_feed_token(owner=owner, by=owner)

    with pytest.raises(TransitionError):
        create_feed_token(owner=owner, by=other)
    with pytest.raises(TransitionError):
        revoke_feed_token(token, by=other)
    token.refresh_from_db()
    assert token.status == CalendarFeedToken.Status.ACTIVE


def test_supervisor_revokes_anyones_feed():
    owner, supervisor = UserFactory(), verified(UserFactory(roles=[SUPERVISORS]))
    token = create_feed_token(owner=owner, by=owner)

    revoke_feed_token(token, by=supervisor, reason="Phone lost")

    token.refresh_from_db()
    assert token.status == CalendarFeedToken.Status.REVOKED
    assert history_of(token).last().changed_by == supervisor


def test_revoked_feed_cannot_be_revoked_again():
    user = UserFactory()
    token = create_feed_token(owner=user, by=user)
    revoke_feed_token(token, by=user)

    with pytest.raises(TransitionError):
        revoke_feed_token(token, by=user)


def test_admin_add_creates_a_token_for_yourself(client):
    user = UserFactory(roles=[EVENT_COORDINATORS])
    client = sign_in(client, user)

    response = client.post(
        "/admin/pasadena_pd/calendarfeedtoken/add/", {"user": user.pk}, follow=True
    )

    token = CalendarFeedToken.objects.active().get(user=user)
    assert response.status_code == 200
    page = client.get(f"/admin/pasadena_pd/calendarfeedtoken/{token.pk}/change/").content.decode()
    assert f"/calendar/private/{token.token}.ics" in page


def test_admin_refuses_a_token_for_someone_else(client):
    user, other = UserFactory(roles=[EVENT_COORDINATORS]), UserFactory()
    client = sign_in(client, user)

    response = client.post("/admin/pasadena_pd/calendarfeedtoken/add/", {"user": other.pk})

    assert response.status_code == 200  # the form shows the error: not a valid choice
    assert "Select a valid choice" in response.content.decode()
    assert not CalendarFeedToken.objects.filter(user=other).exists()


def test_admin_lists_only_your_own_feeds_unless_supervisor(client):
    user, other = UserFactory(roles=[EVENT_COORDINATORS]), UserFactory()
    create_feed_token(owner=other, by=other)
    create_feed_token(owner=user, by=user)
    client = sign_in(client, user)

    page = client.get("/admin/pasadena_pd/calendarfeedtoken/").content.decode()

    assert user.username in page
    assert other.username not in page


def test_admin_action_revokes(client):
    user = UserFactory(roles=[EVENT_COORDINATORS])
    token = create_feed_token(owner=user, by=user)
    client = sign_in(client, user)

    response = client.post(
        "/admin/pasadena_pd/calendarfeedtoken/",
        {"action": "revoke_selected", "_selected_action": [token.pk]},
        follow=True,
    )

    token.refresh_from_db()
    assert token.status == CalendarFeedToken.Status.REVOKED
    assert "1 feed address revoked" in response.content.decode()
    assert client.get(token.get_absolute_url()).status_code == 404


def test_supervisor_creates_a_feed_for_a_specialist_in_admin(client):
    supervisor, specialist = UserFactory(roles=[SUPERVISORS]), UserFactory()
    client = sign_in(client, supervisor)

    form = client.get("/admin/pasadena_pd/calendarfeedtoken/add/").content.decode()
    client.post("/admin/pasadena_pd/calendarfeedtoken/add/", {"user": specialist.pk})

    assert specialist.username in form
    token = CalendarFeedToken.objects.active().get(user=specialist)
    assert history_of(token).get().changed_by == supervisor
