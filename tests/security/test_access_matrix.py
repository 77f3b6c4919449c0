"""The access matrix, generated rather than listed: every URL of the URL conf and every admin
action as every actor (tests/security/access_probe.py), and every move of every workflow as
every actor, against the one expected table (pasadena_pd/access_matrix.py)."""

import os

import pytest

from pasadena_pd import access_matrix
from pasadena_pd.roles import ALL_ROLES, TWO_FACTOR_ROLES
from tests.security.access_probe import (
    WORKFLOW_MODELS,
    World,
    action_allowed,
    admin_actions,
    answered,
    rewrite_table,
    workflow_actors,
    workflows,
)

pytestmark = pytest.mark.django_db


def observed_row(probe) -> str:
    """The allowed columns of one row, in the table's order."""
    return " ".join(
        access_matrix.code(actor, device)
        for actor, device in access_matrix.columns()
        if probe(actor, device)
    )


def differences(expected: dict[str, str], observed: dict[str, str]) -> list[str]:
    lines = []
    for row in sorted(set(expected) | set(observed)):
        if row not in expected:
            lines.append(f"not in the matrix: {row!r}: {observed[row]!r},")
        elif row not in observed:
            lines.append(f"in the matrix, gone from the site: {row!r}")
        elif access_matrix.allowed_codes(expected[row]) != access_matrix.allowed_codes(
            observed[row]
        ):
            lines.append(f"differs: {row!r}: expected {expected[row]!r}, got {observed[row]!r}")
    return lines


def test_every_url_and_admin_action_answers_each_actor_as_the_matrix_says():
    world = World()
    clients = {column: world.client_for(*column) for column in access_matrix.columns()}

    urls = {}
    for row, path in world.rows():
        assert path is not None, f"no sample arguments for {row}: add them to access_probe.World"
        urls[row] = observed_row(
            lambda actor, device, path=path: answered(clients[actor, device].get(path))
        )

    actions = {}
    for row, model_admin, name in admin_actions():
        actions[row] = observed_row(
            lambda actor, device, model_admin=model_admin, name=name: action_allowed(
                model_admin, name, world.request_for(actor, device)
            )
        )

    if os.environ.get("ACCESS_MATRIX_WRITE"):
        rewrite_table("URLS", urls)
        rewrite_table("ADMIN_ACTIONS", actions)
        return
    problems = differences(access_matrix.URLS, urls) + differences(
        access_matrix.ADMIN_ACTIONS, actions
    )
    assert problems == [], "\n".join(problems)


def test_every_move_of_every_workflow_is_allowed_to_the_actors_the_matrix_says():
    world = World()
    moves = {}
    for workflow_name, workflow in workflows():
        assert workflow_name in WORKFLOW_MODELS, f"no sample record for {workflow_name}"
        record = world.sample(WORKFLOW_MODELS[workflow_name])
        for (source, target), transition in workflow.transitions.items():
            setattr(record, workflow.field, source)
            allowed = [
                code
                for code, actor in workflow_actors(world, record)
                if transition.permission is None or transition.permission(actor, record)
            ]
            moves[f"{workflow_name}:{source}->{target}"] = " ".join(allowed)

    if os.environ.get("ACCESS_MATRIX_WRITE"):
        rewrite_table("WORKFLOW_MOVES", moves)
        return
    problems = differences(access_matrix.WORKFLOW_MOVES, moves)
    assert problems == [], "\n".join(problems)


def test_every_role_that_opens_personal_data_signs_in_with_a_second_factor():
    """A role whose password alone opens nothing personal could go without; none does
    today, and a new role joins TWO_FACTOR_ROLES unless the matrix shows why not."""
    assert set(TWO_FACTOR_ROLES) == set(ALL_ROLES)


def test_nothing_opens_to_a_staff_role_with_its_password_alone_beyond_public_pages():
    public = access_matrix.allowed_codes("anon")
    for row, cell in access_matrix.URLS.items():
        allowed = access_matrix.allowed_codes(cell)
        if public <= allowed or row.startswith("two_factor:"):
            continue  # a public page, a private link, or the second step of signing in
        password_only = {access_matrix.code(role, False) for role in access_matrix.ROLES} & allowed
        assert password_only == set(), f"{row} opens to {sorted(password_only)}"


def test_docs_security_md_says_what_the_matrix_says():
    from pasadena_pd.management.commands.access_matrix_docs import docs_path, updated

    text = docs_path().read_text()
    assert updated(text) == text, "run: manage.py access_matrix_docs --write"
