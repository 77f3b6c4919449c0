def pytest_terminal_summary(terminalreporter):
    from tests.security.fuzz import CASES

    if CASES:
        total = sum(CASES.values())
        terminalreporter.write_line(
            f"hostile-input fuzzing: {total} cases ran "
            f"({CASES['form']} form posts, {CASES['query']} query strings)"
        )
