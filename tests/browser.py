"""What every browser test uses: Debian's Chromium driven by Playwright (`require_chromium`,
`chromium`), and the check for Content-Security-Policy violations (`watch_csp`): what
Chromium reports on the console ("Refused to ... because it violates the following Content
Security Policy directive") and every `securitypolicyviolation` event, for every page of a
context."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def require_chromium():
    """Skip the calling test module without /usr/bin/chromium or the playwright package;
    return `playwright.sync_api`. Call it at the module's top."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@contextmanager
def chromium(sync_api):
    """Headless Chromium (never a downloaded browser). Start it after the test's data is in
    place and stop it before the database is reset: Playwright's sync API runs an event loop
    in this thread, and Django must not see one while it touches the database."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            yield browser
        finally:
            browser.close()


REPORT_EVENTS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
});
"""


def watch_csp(context, violations=None):
    """Collect the violations of every page of `context` into `violations` (a list, returned)."""
    violations = [] if violations is None else violations
    context.add_init_script(REPORT_EVENTS)

    def on_console(message):
        if "Content Security Policy" in message.text or "securitypolicyviolation" in message.text:
            violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)
    return violations


def session_cookies(url, user):
    """The cookies of a session signed in as `user` on the live server at `url`, for
    `context.add_cookies()`: made before Chromium starts, through Django's test client."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return [
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": url}
    ]
