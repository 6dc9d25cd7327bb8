"""Content-Security-Policy violations seen by a real Chromium: ``watch(context)`` before the
pages are opened, ``violations`` after. Two sources, because either alone misses cases: the
page's ``securitypolicyviolation`` events (they carry the directive and the blocked source; they
need JavaScript) and the console, where Chromium reports every refusal ("Refused to apply inline
style ... Content Security Policy"), with JavaScript switched off too."""

from __future__ import annotations

from typing import Any

MARK = "csp-violation:"
# Runs in every document before its own scripts; Playwright's init scripts are not subject to
# the page's CSP, so the listener is there even on pages that allow no inline script.
LISTENER = f"""
document.addEventListener("securitypolicyviolation", (e) => {{
  console.error("{MARK}" + JSON.stringify({{
    page: location.pathname, directive: e.violatedDirective, blocked: e.blockedURI,
    source: e.sourceFile, line: e.lineNumber, sample: e.sample,
  }}));
}});
"""


class CspWatch:
    def __init__(self) -> None:
        self.violations: list[str] = []

    def on_console(self, message: Any) -> None:
        text = message.text
        if text.startswith(MARK) or "Content Security Policy" in text:
            self.violations.append(f"{message.page.url if message.page else ''}: {text}")

    def assert_none(self) -> None:
        assert not self.violations, "CSP violations:\n" + "\n".join(self.violations)


def watch(context: Any) -> CspWatch:
    found = CspWatch()
    context.add_init_script(LISTENER)
    context.on("console", found.on_console)
    return found
