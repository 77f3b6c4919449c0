from django.core import mail

from pasadena_pd.mail import send_templated_email


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
