import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from outreach.models import PresentationRequest
from outreach.permissions import LinkHolder
from outreach.services.submission import confirm_request, submit_request
from pasadena_pd.workflow import history_of
from tests.outreach.factories import next_weekday


def request_data(area, day, **overrides):
    return {
        "kind": "neighborhood_watch",
        "title": "Elm Street watch",
        "date": day,
        "start_time": datetime.time(18),
        "end_time": datetime.time(20),
        "area": area,
        "location": "Elm Street",
        "expected_attendance": 20,
        "resources": [],
        "contact_name": "Rosa",
        "contact_email": "rosa@example.org",
        "contact_phone": "626-555-0100",
        **overrides,
    }


@pytest.mark.django_db
def test_accepted_submission_records_its_first_state(area):
    submission = submit_request(
        data=request_data(area, next_weekday(20)), submission_key="", today=timezone.localdate()
    )
    [first] = history_of(submission.request)
    assert (first.from_state, first.to_state, first.actor_label) == (
        "",
        "unconfirmed",
        "requester",
    )
    assert submission.request.submission_key is None
    assert "Please confirm your request" in mail.outbox[0].subject

    request = confirm_request(
        submission.request, by=LinkHolder(submission.request.token, "requester")
    )

    assert [c.to_state for c in history_of(request)] == ["unconfirmed", "pending_review"]
    assert "We received your request" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_refused_submission_saves_nothing_and_offers_dates(area):
    submission = submit_request(
        data=request_data(area, next_weekday(3)), submission_key="", today=timezone.localdate()
    )
    assert not submission.accepted
    assert [f.code for f in submission.findings if f.blocking] == ["min_notice"]
    assert len(submission.next_dates) == 3
    assert PresentationRequest.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_twice_at_once_makes_one_request(area):
    day, today = next_weekday(20), timezone.localdate()
    barrier = threading.Barrier(4)
    tokens = []

    def submit():
        try:
            barrier.wait(timeout=10)
            submission = submit_request(
                data=request_data(area, day), submission_key="double-click-key-0001", today=today
            )
            tokens.append(submission.request.token)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert PresentationRequest.objects.count() == 1
    assert tokens == [PresentationRequest.objects.get().token] * 4
