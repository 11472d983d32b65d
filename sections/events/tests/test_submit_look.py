"""/events/submit/ in Debian's Chromium: every checkbox sits on the line of its label (the "All
day" box sat above its label), at desktop and phone widths. Skipped without /usr/bin/chromium
or playwright."""

import pytest

from tests.browser import chromium, require_chromium, session_cookies

sync_api = require_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BOXES = """() => [...document.querySelectorAll('.event-form input[type=checkbox]')].map(box => {
  const label = document.querySelector(`label[for="${box.id}"]`), b = box.getBoundingClientRect(),
    l = label.getBoundingClientRect();
  return {id: box.id, boxMiddle: b.top + b.height / 2, labelTop: l.top, labelBottom: l.bottom,
          boxRight: b.right, labelLeft: l.left};
})"""


@pytest.fixture
def setup(live_server):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from sections.events.factories import CalendarFactory, EventsIndexPageFactory

    EventsIndexPageFactory(parent=Page.objects.get(depth=2).specific)
    CalendarFactory()
    user = get_user_model().objects.create_user("ann", "ann@example.com", "password")
    return live_server.url, session_cookies(live_server.url, user)


def test_checkboxes_sit_beside_their_labels(setup):
    url, cookies = setup
    with chromium(sync_api) as browser:
        for width in (1280, 375):
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.add_cookies(cookies)
            page = context.new_page()
            page.goto(url + "/events/submit/")
            boxes = page.evaluate(BOXES)
            assert "id_all_day" in [box["id"] for box in boxes]
            for box in boxes:
                assert box["labelTop"] <= box["boxMiddle"] <= box["labelBottom"], (width, box)  # same line
                assert box["boxRight"] <= box["labelLeft"], (width, box)  # the box first, then its label
            context.close()
