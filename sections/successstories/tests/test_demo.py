"""The demo: python.org's 7 categories, its 3 stories (HTML) and the legacy D-Link story
(reST) under /success-stories/, in the review workflow, answering; a second run changes nothing."""

import pytest
from wagtail.models import WorkflowPage

from sections.pages.factories import SectionPageFactory
from sections.successstories import demo
from sections.successstories.models import StoryCategory
from sections.successstories.pages import StoryPage, SuccessStoryIndexPage

pytestmark = pytest.mark.django_db


class DemoCommand:
    def __init__(self):
        self.counts, self.warnings = {}, []

    def tally(self, kind, status):
        self.counts.setdefault(kind, {}).setdefault(status, 0)
        self.counts[kind][status] += 1

    def progress(self, items, label):
        return items

    def warn(self, message):
        self.warnings.append(message)


def test_demo_loads_the_real_stories_once(client, home_page, site):
    SectionPageFactory(parent=home_page, slug="success-stories", title="Success Stories")  # an older run's
    demo.load_demo(DemoCommand())
    index = SuccessStoryIndexPage.objects.get()
    assert index.url == "/success-stories/"
    assert WorkflowPage.objects.get(page=index).workflow.name == "Success story review"
    assert StoryCategory.objects.count() == 7
    stories = {story.slug: story for story in StoryPage.objects.live()}
    assert len(stories) == 4
    dlink = stories["d-link-australia-uses-python"]
    assert dlink.author == "How Wong" and dlink.category.slug == "business" and dlink.body[0].block_type == "rst"
    assert dlink.first_published_at.year == 2007
    urls = ["/success-stories/", "/success-stories/feed/rss/", "/"]
    urls += [story.url for story in stories.values()]
    urls += [f"/success-stories/category/{c.slug}/" for c in StoryCategory.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url
    html = client.get(dlink.url).content.decode()
    assert "eight-fold increase" in html and "Problem Description" in html and "figure" not in html
    carmanah = client.get(stories["carmanah-lights-way-python"].url).content.decode()
    assert 'src="https://www.python.org/files/success/carmanah/' in carmanah and 'src="http://' not in carmanah
    assert "Industrial Light" in client.get("/").content.decode()  # the featured story

    second = DemoCommand()
    demo.load_demo(second)
    assert all(set(counts) == {"present"} for counts in second.counts.values()), second.counts
    assert StoryPage.objects.count() == 4
