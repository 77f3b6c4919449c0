"""The documented backup procedure works: dump, restore into a fresh database, same records."""

import secrets

import psycopg
import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from pasadena_pd import backup
from pasadena_pd.workflow import record_state_change
from tests.factories import SpecialistFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_dump_restores_into_a_fresh_database_with_the_same_records(tmp_path):
    database = settings.DATABASES["default"]
    try:
        backup.find_tool("pg_dump", backup.server_major_version(database))
    except backup.BackupToolMissing as missing:
        pytest.skip(str(missing))
    ContentType.objects.clear_cache()  # an earlier transactional test flushed the table
    specialist = SpecialistFactory(name="Officer Dana Ruiz", email="d.ruiz@example.org")
    UserFactory(username="supervisor.backup")
    record_state_change(specialist.area, "", "active", actor_label="system", reason="backup test")
    archive = tmp_path / "site.dump"
    restored = f"{database['NAME']}_restore_{secrets.token_hex(4)}"

    call_command("backup_db", output=str(archive))
    call_command("restore_db", str(archive), restored)
    try:
        with psycopg.connect(**backup.connection_kwargs(database, restored)) as connection:
            specialists = connection.execute(
                "SELECT name, email FROM outreach_specialist"
            ).fetchall()
            users = connection.execute("SELECT username FROM auth_user").fetchall()
            history = connection.execute(
                "SELECT to_state, reason FROM pasadena_pd_statechange"
            ).fetchall()
            migrations = connection.execute("SELECT count(*) FROM django_migrations").fetchone()
    finally:
        backup.drop(database, restored)

    assert specialists == [("Officer Dana Ruiz", "d.ruiz@example.org")]
    assert users == [("supervisor.backup",)]
    assert history == [("active", "backup test")]
    assert migrations[0] > 0
    assert archive.stat().st_mode & 0o077 == 0
