"""Content of every searchable type, visible and hidden, all mentioning "zanzibar"."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from sections.downloads.factories import DownloadsIndexPageFactory, ReleaseIndexPageFactory, ReleasePageFactory
from sections.events.factories import EventFactory, EventsIndexPageFactory
from sections.events.models import Event
from sections.jobs.factories import JobBoardPageFactory, JobFactory
from sections.jobs.models import Job
from sections.news.factories import EntryFactory, FeedFactory, NewsIndexPageFactory
from sections.pages.factories import StandardPageFactory
from sections.successstories.factories import StoryPageFactory, SuccessStoryIndexPageFactory

WORD = "zanzibar"


@pytest.fixture
def indexes(home_page, site):
    downloads = DownloadsIndexPageFactory(parent=home_page)
    return {
        "releases": ReleaseIndexPageFactory(parent=downloads),
        "board": JobBoardPageFactory(parent=home_page),
        "events": EventsIndexPageFactory(parent=home_page),
        "news": NewsIndexPageFactory(parent=home_page),
        "stories": SuccessStoryIndexPageFactory(parent=home_page),
    }


@pytest.fixture
def content(home_page, indexes):
    """One visible item of each type (titles "Visible …") and hidden ones (titles "Hidden …"),
    each with WORD in its title and text."""
    text = f"All about {WORD} and more."
    today = timezone.localdate()
    visible = {
        "pages": StandardPageFactory(parent=home_page, title=f"Visible {WORD} page", intro=text),
        "releases": ReleasePageFactory(parent=indexes["releases"], title="Python 3.113.0", content=text),
        "jobs": JobFactory(approved=True, title=f"Visible {WORD} developer", description=text),
        "events": EventFactory(title=f"Visible {WORD} sprint", description=f"<p>{text}</p>"),
        "news": EntryFactory(feed=FeedFactory(page=indexes["news"]), title=f"Visible {WORD} news", content=text),
        "stories": StoryPageFactory(parent=indexes["stories"], title=f"Visible {WORD} story", pull_quote=text),
    }
    private = StandardPageFactory(parent=home_page, title=f"Hidden {WORD} private section", intro=text)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    hidden = {
        "draft page": StandardPageFactory(parent=home_page, title=f"Hidden {WORD} draft page", intro=text, live=False),
        "private page": private,
        "page under a private one": StandardPageFactory(parent=private, title=f"Hidden {WORD} child", intro=text),
        "draft release": ReleasePageFactory(
            parent=indexes["releases"], title="Python 3.114.0", content=f"Hidden {text}", live=False
        ),
        "draft story": StoryPageFactory(parent=indexes["stories"], title=f"Hidden {WORD} draft story", live=False),
        "job past its date": JobFactory(
            approved=True, title=f"Hidden {WORD} expired", expires=today - timedelta(days=1)
        ),
    }
    for status in ("draft", "review", "rejected", "expired", "archived", "removed"):
        hidden[f"{status} job"] = JobFactory(status=status, title=f"Hidden {WORD} {status} job", description=text)
    hidden["pending event"] = EventFactory(
        title=f"Hidden {WORD} pending", live=False, moderation_status=Event.Moderation.PENDING
    )
    hidden["rejected event"] = EventFactory(
        title=f"Hidden {WORD} rejected", live=False, moderation_status=Event.Moderation.REJECTED
    )
    hidden["unpublished event"] = EventFactory(title=f"Hidden {WORD} unpublished", live=False)
    hidden["future news"] = EntryFactory(
        title=f"Hidden {WORD} future news", pub_date=timezone.now() + timedelta(days=2), content=text
    )
    assert not Job.objects.visible().filter(title__startswith="Hidden").exists()
    return {"visible": visible, "hidden": hidden}
