import pytest


@pytest.fixture
def no_rate_limit(settings):
    """Fuzzing sends thousands of posts from one address."""
    settings.PUBLIC_FORM_RATE = "0"


def pytest_terminal_summary(terminalreporter):
    from tests.security.fuzz import CASES

    if CASES:
        total = sum(CASES.values())
        terminalreporter.write_line(
            f"hostile-input fuzzing: {total} cases ran "
            f"({CASES['form']} form posts, {CASES['query']} query strings, "
            f"{CASES['path']} URL paths, {CASES['header']} request headers)"
        )
