"""PAL end to end: a family enrolls two children, staff accept, the advisor follows up."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from playwright.sync_api import Page, expect

from pal.models import Enrollment
from pasadena_pd.roles import PAL_STAFF
from tests.factories import UserFactory
from tests.pal.factories import (
    CampusFactory,
    CurrentSchoolYearFactory,
    EnrollmentFactory,
    GradingPeriodFactory,
    MemberFactory,
    ProgramTermFactory,
    YouthAdvisorFactory,
    birth_date_for_age,
)
from tests.security.otp import verified_admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _roles(staff_roles):
    pass


def fill_child(page: Page, *, first_name, birth_date):
    page.get_by_label("Child's first name").fill(first_name)
    page.get_by_label("Child's last name").fill("Lopez")
    page.get_by_label("Date of birth").fill(birth_date.isoformat())
    page.locator("#id_school").fill("Washington Middle School")
    page.locator("#id_grade").select_option(label="6th grade")


def test_guardian_enrolls_two_children_and_the_eight_year_old_is_refused(live_server, page: Page):
    term = ProgramTermFactory(name="School year demo")
    CampusFactory(name="Madison Elementary")

    page.goto(live_server.url + "/pal/")
    expect(page.get_by_text("School year demo")).to_be_visible()
    page.get_by_role("link", name="Enroll a child").click()

    fill_child(page, first_name="Maya", birth_date=birth_date_for_age(11, term.start_date))
    # The campus appears only once transportation is asked for (static/js/pal.js).
    expect(page.get_by_label("Pick-up campus")).to_be_hidden()
    page.get_by_label("My child needs transportation").check()
    page.get_by_label("Pick-up campus").select_option(label="Madison Elementary")
    page.get_by_label("I allow PAL to drive my child").check()
    page.get_by_label("Parent or guardian's name").fill("Rosa Lopez")
    page.get_by_label("Relationship to the child").fill("Mother")
    page.locator("#id_guardian_phone").fill("626-555-0123")
    page.locator("#id_guardian_email").fill("rosa@example.org")
    page.get_by_label("Home address").fill("12 Orange Grove Blvd, Pasadena")
    for number, name in ((1, "Luis Lopez"), (2, "Ana Diaz")):
        page.locator(f"#id_contact{number}_name").fill(name)
        page.locator(f"#id_contact{number}_relationship").fill("Family")
        page.locator(f"#id_contact{number}_phone").fill("626-555-0124")
    page.get_by_label("I allow my child to take part").check()
    page.locator("#id_media_consent_1").check()  # No photos
    page.get_by_label("Signature: type your full name").fill("Rosa Lopez")
    page.get_by_role("button", name="Send the application").click()

    # The same answer for every child (issue 14): the private link comes by email.
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: check your email")
    enrollment = Enrollment.objects.get()
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/pal/applications/\S+/", mail.outbox[0].body).group(0)
    assert link == live_server.url + enrollment.get_status_url()
    # Nothing is held until the guardian confirms through the emailed link (issue 14).
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Please confirm your PAL application")
    page.get_by_role("button", name="Confirm my application").click()
    expect(page.get_by_role("status").first).to_contain_text("your email address is confirmed")
    assert len(mail.outbox) == 2 and "Maya" in mail.outbox[1].body
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya's PAL application")
    expect(page.get_by_test_id("status")).to_contain_text("Received, waiting for review")

    # The second child: the guardian is not typed again; this one is 8 on the first day.
    page.get_by_role("link", name="Enroll another child").click()
    expect(page.get_by_text("Another child for Rosa Lopez's family")).to_be_visible()
    expect(page.get_by_label("Parent or guardian's name")).to_have_count(0)
    expect(page.locator("#id_contact1_name")).to_have_value("Luis Lopez")
    fill_child(page, first_name="Leo", birth_date=birth_date_for_age(8, term.start_date))
    page.get_by_label("I allow my child to take part").check()
    page.locator("#id_media_consent_0").check()
    page.get_by_label("Signature: type your full name").fill("Rosa Lopez")
    page.get_by_role("button", name="Send the application").click()

    expect(page.get_by_text("this child will be 8.").first).to_be_visible()
    expect(page.get_by_text("must be 9 to 17 years old on the first day").first).to_be_visible()
    assert Enrollment.objects.count() == 1

    # The private link from the email still shows the family's page.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya's PAL application")


def log_in(page: Page, live_server, username, next_url):
    page.context.clear_cookies()
    user = User.objects.get(username=username)
    # Every PAL role verifies a TOTP code (minors' records: pasadena_pd.security.otp).
    verified_admin_login(page, live_server.url, user, PASSWORD, next_url)


def test_staff_accept_the_advisor_sees_only_their_member_and_a_low_gpa_needs_support(
    live_server, page: Page
):
    term = CurrentSchoolYearFactory(name="School year now")
    GradingPeriodFactory(term=term, name="Fall semester")
    reyes = YouthAdvisorFactory(name="Carmen Reyes", user__username="reyes")
    okafor = YouthAdvisorFactory(name="Daniel Okafor", user__username="okafor")
    MemberFactory(term=term, first_name="Other", last_name="Member", advisor=okafor)
    EnrollmentFactory(term=term, first_name="Maya", last_name="Lopez")
    UserFactory(username="linh", roles=[PAL_STAFF])

    log_in(page, live_server, "linh", "/pal/staff/")
    page.get_by_role("link", name="Maya Lopez").click()
    # The advisor with the fewest members is suggested.
    expect(page.get_by_label("Youth Advisor")).to_have_value(str(reyes.pk))
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status").first).to_contain_text("The application is accepted.")
    expect(page.get_by_test_id("status")).to_have_text("Accepted")
    expect(page.get_by_test_id("advisor")).to_have_text("Carmen Reyes")

    log_in(page, live_server, "reyes", "/pal/staff/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("My PAL members")
    expect(page.get_by_role("link", name="Maya Lopez").first).to_be_visible()
    expect(page.get_by_text("Other Member")).to_have_count(0)

    page.get_by_role("link", name="Maya Lopez").first.click()
    page.locator("#id_period").select_option(label="Fall semester")
    page.locator("#id_gpa").fill("1.8")
    page.get_by_role("button", name="Record GPA").click()
    expect(page.get_by_text("Fall semester: 1.80")).to_be_visible()

    page.get_by_role("navigation", name="PAL staff").get_by_role(
        "link", name="Needs support"
    ).click()
    row = page.get_by_role("row").filter(has_text="Maya Lopez")
    expect(row).to_contain_text("1.80")
    expect(row).to_contain_text("Latest GPA under 2.0")
    expect(page.get_by_text("Other Member")).to_have_count(0)


AXE = "/static/vendor/axe-core/axe.min.js"  # from the site itself: the CSP allows no inline


@pytest.mark.parametrize("path", ["/pal/", "/pal/enroll/"])
def test_public_pal_pages_have_no_axe_violations(live_server, page: Page, path):
    ProgramTermFactory(name="School year demo")
    page.goto(live_server.url + path)
    page.add_script_tag(url=live_server.url + AXE)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    assert violations == []
