"""With the database task backend an email is queued in the transaction of the change it
reports (pasadena_pd.mail): it exists once the change commits, and never for a change that
is rolled back. Transactional: the site's own atomic blocks, as in production."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from pasadena_pd import mail as mail_module
from tests.pasadena_pd.test_mail import IN_A_TRANSACTION, _hello_template, _send_hello

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued_in_the_database(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(mail_module, "_in_a_transaction", IN_A_TRANSACTION)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _hello_template(tmp_path, settings)


def test_an_email_is_queued_with_the_change_it_reports(queued_in_the_database):
    with transaction.atomic():
        _send_hello()
        assert DBTaskResult.objects.count() == 1  # in this transaction, not after it
    assert DBTaskResult.objects.get().status == "READY"
    assert mail.outbox == []


def test_a_rolled_back_change_leaves_no_queued_email(queued_in_the_database):
    with pytest.raises(RuntimeError), transaction.atomic():
        _send_hello()
        raise RuntimeError("the change fails after the email was asked for")
    assert DBTaskResult.objects.count() == 0
