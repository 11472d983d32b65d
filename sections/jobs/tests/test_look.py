"""How the job board looks in Debian's Chromium: /jobs/ passes axe's colour-contrast rule (the
posting dates were #777 on white, 4.47:1) and the inputs of /jobs/create/ are styled (they were
the browser's defaults). Skipped without /usr/bin/chromium or playwright."""

import pytest

from tests.browser import chromium, require_chromium, session_cookies

sync_api = require_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def setup(live_server):
    """The board with 25 approved jobs and a signed-in user's session cookie (made before
    Chromium starts: Django must not touch the database while Playwright's loop runs)."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from sections.jobs.factories import JobBoardPageFactory, JobFactory

    JobBoardPageFactory(parent=Page.objects.get(depth=2).specific)
    for _ in range(25):
        JobFactory(approved=True)
    user = get_user_model().objects.create_user("poster", "poster@example.com", "password")
    return live_server.url, session_cookies(live_server.url, user)


def test_job_list_colour_contrast(setup):
    from axe_playwright_python.sync_playwright import Axe

    url, _ = setup
    with chromium(sync_api) as browser:
        for width in (1280, 375):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(url + "/jobs/")
            assert page.locator(".job-date").count() == 20  # the dates are there, and checked
            results = Axe().run(page, options={"runOnly": ["color-contrast"]})
            failures = [node["html"] for v in results.response["violations"] for node in v["nodes"]]
            assert failures == [], failures


STYLE = """el => { const s = getComputedStyle(el);
  return {padding: parseFloat(s.paddingLeft), border: s.borderTopStyle, width: el.getBoundingClientRect().width}; }"""


def test_job_form_inputs_are_styled(setup):
    url, cookies = setup
    with chromium(sync_api) as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(url + "/jobs/create/")
        fields = page.locator(
            ".job-form .field input:not([type=checkbox]):not([type=radio]):not([type=hidden]), "
            ".job-form .field select, .job-form .field textarea"
        )
        assert fields.count() >= 10
        for i in range(fields.count()):
            field = fields.nth(i)
            style = field.evaluate(STYLE)
            name = field.get_attribute("name")
            assert style["padding"] >= 6 and style["border"] == "solid", (name, style)
            assert style["width"] >= 400, (name, style)  # the full width of the form column
