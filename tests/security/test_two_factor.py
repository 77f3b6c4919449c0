import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pasadena_pd.roles import EVENT_COORDINATORS, PAL_STAFF, SUPERVISORS
from tests.factories import UserFactory
from tests.security.otp import current_token, totp_device_for, verify_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [SUPERVISORS, PAL_STAFF])
def test_unverified_required_role_is_sent_to_enroll_before_any_admin_page(client, role):
    user = UserFactory(roles=[role])
    client.force_login(user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/enroll/?next=%2Fadmin%2F"


def test_supervisor_with_a_device_is_sent_to_verify(client):
    user = UserFactory(roles=[SUPERVISORS])
    totp_device_for(user)
    client.force_login(user)

    response = client.get("/admin/auth/user/")

    assert response["Location"] == "/account/two-factor/verify/?next=%2Fadmin%2Fauth%2Fuser%2F"


def test_supervisor_gets_in_with_a_correct_totp_code(client):
    user = UserFactory(roles=[SUPERVISORS])
    device = totp_device_for(user)
    client.force_login(user)

    response = client.post(
        reverse("two_factor:verify"), {"token": current_token(device), "next": "/admin/"}
    )

    assert response["Location"] == "/admin/"
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert "Staff workspace" in admin.text


def test_wrong_code_keeps_the_supervisor_out(client):
    user = UserFactory(roles=[SUPERVISORS])
    device = totp_device_for(user)
    client.force_login(user)
    wrong = f"{(int(current_token(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("two_factor:verify"), {"token": wrong, "next": "/admin/"})

    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert client.get("/admin/")["Location"].startswith("/account/two-factor/verify/")


def test_superuser_needs_the_second_factor_too(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 302


def test_other_staff_without_a_device_are_not_forced(client):
    user = UserFactory(roles=[EVENT_COORDINATORS])
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_other_staff_who_enrolled_must_verify(client):
    user = UserFactory(roles=[EVENT_COORDINATORS])
    totp_device_for(user)
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


def test_enrollment_shows_a_server_drawn_qr_code_and_confirms_the_device(client):
    user = UserFactory(roles=[PAL_STAFF])
    client.force_login(user)

    page = client.get(reverse("two_factor:enroll") + "?next=/admin/")
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    assert '<svg role="img"' in page.text
    assert "https://" not in page.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(
        reverse("two_factor:enroll"), {"token": current_token(device), "next": "/admin/"}
    )

    assert response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/admin/").status_code == 200


def test_enrolling_a_second_device_needs_the_first_one_verified(client):
    user = UserFactory(roles=[SUPERVISORS])
    totp_device_for(user)
    client.force_login(user)

    response = client.get(reverse("two_factor:enroll"))

    assert response["Location"].startswith("/account/two-factor/verify/")
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 0


def test_next_cannot_send_the_user_to_another_site(client):
    user = UserFactory(roles=[SUPERVISORS])
    device = totp_device_for(user)
    client.force_login(user)

    response = client.post(
        reverse("two_factor:verify"),
        {"token": current_token(device), "next": "https://evil.example/admin/"},
    )

    assert response["Location"] == "/admin/"


def test_verified_client_helper_reaches_the_admin(client):
    user = UserFactory(roles=[SUPERVISORS])
    assert verify_client(client, user).get("/admin/").status_code == 200


def test_admin_client_fixture_is_verified(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_app_staff_pages_need_the_second_factor_too(client):
    user = UserFactory(roles=[PAL_STAFF])
    client.force_login(user)

    response = client.get("/pal/staff/")

    assert response["Location"] == "/account/two-factor/enroll/?next=%2Fpal%2Fstaff%2F"
    assert verify_client(client, user).get("/pal/staff/").status_code == 200


def test_guessing_codes_is_slowed_down(client):
    """django-otp throttles a device after failures: even the right code waits a while."""
    user = UserFactory(roles=[SUPERVISORS])
    device = totp_device_for(user)
    client.force_login(user)
    wrong = f"{(int(current_token(device)) + 1) % 1_000_000:06d}"
    for _ in range(3):
        client.post(reverse("two_factor:verify"), {"token": wrong, "next": "/admin/"})

    response = client.post(
        reverse("two_factor:verify"), {"token": current_token(device), "next": "/admin/"}
    )

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1  # attempts while throttled are not even tried
