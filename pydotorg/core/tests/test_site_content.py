"""The banner's window: only open, published banners are current and shown on pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pydotorg.core.factories import BannerFactory
from pydotorg.core.models import Banner


@pytest.mark.django_db
class TestBannerWindow:
    def make(self, title, start=None, end=None, live=True):
        return BannerFactory(title=title, message="<p>Hello</p>", start=start, end=end, live=live)

    def test_only_open_published_banners_are_current(self):
        now = timezone.now()
        hour = timedelta(hours=1)
        open_window = self.make("open", start=now - hour, end=now + hour)
        self.make("future", start=now + hour)
        self.make("past", start=now - 2 * hour, end=now - hour)
        self.make("draft", live=False)
        unbounded = self.make("unbounded")
        assert set(Banner.objects.current(now)) == {open_window, unbounded}
        # The window's edges: shown from `start` on, hidden from `end` on.
        assert open_window in Banner.objects.current(now - hour)
        assert open_window not in Banner.objects.current(now + hour)

    def test_current_banner_is_shown_on_pages(self, client, home_page):
        now = timezone.now()
        self.make("Python 3.14 is out", start=now - timedelta(minutes=1), end=now + timedelta(days=1))
        self.make("Old news", start=now - timedelta(days=3), end=now - timedelta(days=2))
        html = client.get("/").content.decode()
        assert "Python 3.14 is out" in html
        assert "Old news" not in html

    def test_end_before_start_is_refused(self):
        now = timezone.now()
        banner = BannerFactory.build(title="bad", message="<p>x</p>", start=now, end=now - timedelta(hours=1))
        with pytest.raises(ValidationError) as error:
            banner.full_clean()
        assert "end" in error.value.message_dict
