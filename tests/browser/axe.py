"""Accessibility and CSP checks for Playwright pages (used by every browser test that wants them).

`assert_accessible(page)` loads the vendored axe-core (static/vendor/axe-core, MIT, see its
LICENSE) from the site's own static files, so the strict Content-Security-Policy still
holds while it runs, and fails on any serious or critical violation.

`collect_csp_violations(page)` returns a list that fills with every CSP violation the
browser reports on the console from then on.
"""

import json

AXE_PATH = "/static/vendor/axe-core/axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page, *, disabled_rules: tuple[str, ...] = ()) -> None:
    base = page.evaluate("window.location.origin")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=base + AXE_PATH)
    results = page.evaluate(
        """async (disabled) => {
            const rules = Object.fromEntries(disabled.map((id) => [id, {enabled: false}]));
            return await axe.run(document, {rules});
        }""",
        list(disabled_rules),
    )
    problems = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert not problems, f"{page.url}: " + json.dumps(problems, indent=2)


def collect_csp_violations(page) -> list[str]:
    violations: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    return violations
