"""Two-factor sign-in by role (pasadena_pd.security.otp): every staff role, every page that
holds personal data, and an enrollment that a stolen password alone cannot make."""

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pasadena_pd.roles import ALL_ROLES, EVENT_COORDINATORS, PAL_STAFF, SUPERVISORS
from pasadena_pd.security.otp import issue_enrollment_code
from tests.factories import UserFactory
from tests.security.otp import FACTORY_PASSWORD, current_token, totp_device_for, verify_client

pytestmark = pytest.mark.django_db

ENROLL = "/account/two-factor/enroll/"


def final_location(client, url):
    response = client.get(url, follow=True)
    return response.redirect_chain[-1][0] if response.redirect_chain else url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_without_a_device_is_sent_to_enroll_before_any_admin_page(client, role):
    user = UserFactory(roles=[role])
    client.force_login(user)

    assert final_location(client, "/admin/") == f"{ENROLL}?next=%2Fadmin%2F"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_password_step_leads_on_to_enrollment(client, role):
    user = UserFactory(roles=[role])

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": FACTORY_PASSWORD, "next": "/admin/"},
    )

    assert response["Location"] == f"{ENROLL}?next=%2Fadmin%2F"


def test_supervisor_with_a_device_is_sent_to_verify(client):
    user = UserFactory(roles=[SUPERVISORS])
    totp_device_for(user)
    client.force_login(user)

    assert final_location(client, "/admin/auth/user/") == (
        "/account/two-factor/verify/?next=%2Fadmin%2Fauth%2Fuser%2F"
    )


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
    assert final_location(client, "/admin/").startswith("/account/two-factor/verify/")


def test_superuser_needs_the_second_factor_too(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 302


def test_staff_without_a_role_or_a_device_are_not_forced(client):
    user = UserFactory()  # is_staff, no role: sees nothing with personal data anyway
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_staff_without_a_role_who_enrolled_must_verify(client):
    user = UserFactory()
    totp_device_for(user)
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


def test_enrollment_shows_a_server_drawn_qr_code_and_confirms_the_device(client):
    user = UserFactory(roles=[PAL_STAFF])
    client.force_login(user)
    client.post(ENROLL, {"code": issue_enrollment_code(user), "next": "/admin/"})

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


def test_a_password_alone_never_reaches_the_qr_code(client):
    user = UserFactory(roles=[EVENT_COORDINATORS])
    client.force_login(user)

    page = client.get(ENROLL + "?next=/admin/")
    wrong = client.post(ENROLL, {"code": "abcdefgh", "next": "/admin/"})

    assert "Email a code to s…@example.org" in page.text
    assert "<svg" not in page.text + wrong.text
    assert "That code is not right" in wrong.text
    assert TOTPDevice.objects.filter(user=user).count() == 0


def test_the_code_emailed_to_the_staff_address_opens_enrollment(client):
    user = UserFactory(roles=[EVENT_COORDINATORS])
    client.force_login(user)

    client.post(ENROLL, {"action": "email", "next": "/admin/"})
    (message,) = mail.outbox
    code = next(line for line in message.body.splitlines() if line.strip().isdigit()).strip()
    response = client.post(ENROLL, {"code": code, "next": "/admin/"}, follow=True)

    assert message.to == [user.email]
    assert '<svg role="img"' in response.text


def test_an_issued_code_works_once_and_only_for_its_user(client):
    user, other = UserFactory(roles=[SUPERVISORS]), UserFactory(roles=[SUPERVISORS])
    code = issue_enrollment_code(user)

    client.force_login(other)
    refused = client.post(ENROLL, {"code": code, "next": "/admin/"})
    client.force_login(user)
    accepted = client.post(ENROLL, {"code": code, "next": "/admin/"}, follow=True)
    client.logout()
    client.force_login(user)
    reused = client.post(ENROLL, {"code": code, "next": "/admin/"})

    assert "That code is not right" in refused.text
    assert '<svg role="img"' in accepted.text
    assert "That code is not right" in reused.text


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


@pytest.mark.parametrize("role", [PAL_STAFF, "Youth Advisors"])
def test_app_staff_pages_need_the_second_factor_too(client, role):
    user = UserFactory(roles=[role])
    if role != PAL_STAFF:
        from tests.pal.factories import YouthAdvisorFactory

        YouthAdvisorFactory(user=user)
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
    assert final_location(client, "/admin/").startswith("/account/two-factor/verify/")
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1  # attempts while throttled are not even tried
