import pytest
from django.core import mail
from django.db import transaction

from pasadena_pd import mail as mail_module
from pasadena_pd.mail import send_templated_email

IN_A_TRANSACTION = mail_module._in_a_transaction  # before tests/conftest.py replaces it


def test_templated_email_is_sent_through_the_task_backend(tmp_path, settings):
    template_dir = tmp_path / "mail"
    template_dir.mkdir()
    (template_dir / "hello_subject.txt").write_text("Hello {{ name }}\n")
    (template_dir / "hello_body.txt").write_text("Dear {{ name }}, welcome.")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    send_templated_email(
        to="resident@example.org", template="mail/hello", context={"name": "Ana"}, language="en"
    )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Hello Ana"
    assert mail.outbox[0].body == "Dear Ana, welcome."
    assert mail.outbox[0].to == ["resident@example.org"]


def _hello_template(tmp_path, settings):
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "hello_subject.txt").write_text("Hello {{ name }}\n")
    (tmp_path / "mail" / "hello_body.txt").write_text("Dear {{ name }}, welcome.")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]


def _send_hello():
    send_templated_email(
        to="resident@example.org", template="mail/hello", context={"name": "Ana"}, language="en"
    )


@pytest.mark.django_db
def test_an_email_sent_inside_a_transaction_waits_for_its_commit(
    tmp_path, settings, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(mail_module, "_in_a_transaction", IN_A_TRANSACTION)
    _hello_template(tmp_path, settings)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _send_hello()
        assert mail.outbox == []
    assert [message.subject for message in mail.outbox] == ["Hello Ana"]


@pytest.mark.django_db
def test_no_email_leaves_for_a_change_rolled_back(tmp_path, settings, monkeypatch):
    monkeypatch.setattr(mail_module, "_in_a_transaction", IN_A_TRANSACTION)
    _hello_template(tmp_path, settings)
    with pytest.raises(RuntimeError), transaction.atomic():
        _send_hello()
        raise RuntimeError("the change fails after the email was asked for")
    assert mail.outbox == []
