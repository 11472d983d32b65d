"""The full-page cache of anonymous visits (pydotorg/core/pagecache.py): hits cost no query,
what visitors see changes with the next request after each kind of write, signed-in visitors
never get nor leave a cached page, personal responses are never kept, the HTTP headers say
what may be cached, and a dead Redis only means misses."""

import socket
from datetime import timedelta

import pytest
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pydotorg.api.factories import ApiTokenFactory
from pydotorg.core import pagecache
from pydotorg.core.factories import BannerFactory
from pydotorg.core.models import NavigationSettings
from pydotorg.core.pagecache import PageCacheMiddleware
from sections.boxes.factories import BoxFactory
from sections.downloads.factories import (
    DownloadsIndexPageFactory,
    OperatingSystemFactory,
    ReleaseIndexPageFactory,
    ReleasePageFactory,
)
from sections.downloads.services import grant_release_managers
from sections.downloads.tests.test_api_v2 import v2_file
from sections.events.factories import (
    CalendarFactory,
    EventCategoryFactory,
    EventFactory,
    EventLocationFactory,
    EventsIndexPageFactory,
)
from sections.events.sync import sync_calendar
from sections.jobs.factories import JobBoardPageFactory, JobFactory
from sections.jobs.models import Job
from sections.jobs.tasks import expire_jobs
from sections.news.factories import FeedFactory, NewsIndexPageFactory
from sections.news.sync import sync_feed
from sections.pages.factories import StandardPageFactory
from sections.successstories.factories import StoryPageFactory, SuccessStoryIndexPageFactory

pytestmark = pytest.mark.django_db


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def cached_twice(client, url):
    """GET `url` twice as an anonymous visitor: a miss that stores, then a hit; the page."""
    assert get(client, url)["X-Page-Cache"] == "MISS"
    assert get(client, url)["X-Page-Cache"] == "HIT"
    return get(client, url).content.decode()


@pytest.fixture(autouse=True)
def navigation(db, site):
    """The site's navigation setting, as a running site has it (Wagtail creates it on the
    first render otherwise, and that save purges every page, as any navigation edit does)."""
    return NavigationSettings.for_site(site)


@pytest.fixture
def page(home_page, site):
    return StandardPageFactory(parent=home_page, title="Original title", slug="about")


# --- Hits, headers, HEAD, 304 ---------------------------------------------------------------


def test_a_second_anonymous_request_is_served_from_the_cache_without_a_query(client, page):
    first = get(client, "/about/")
    assert first["X-Page-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, "/about/")
    assert second["X-Page-Cache"] == "HIT" and len(queries) == 0
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]  # the page's nonce, if any


def test_cacheable_responses_say_so_and_carry_their_keys(client, page, settings):
    settings.PAGE_CACHE_MAX_AGE, settings.PAGE_CACHE_CDN_SECONDS = 0, 600
    for response in (get(client, "/about/"), get(client, "/about/")):
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", "max-age=0", "s-maxage=600"}
        keys = response["Surrogate-Key"].split()
        assert {"all", f"page-{page.pk}", f"tree-{page.path}", f"tree-{page.get_parent().path}"} <= set(keys)
        assert "cookie" not in response.get("Vary", "").lower()  # one copy for every anonymous visitor
        assert response["ETag"]


def test_head_is_answered_from_the_same_entry(client, page):
    head = client.head("/about/")
    assert head.status_code == 200 and head["X-Page-Cache"] == "MISS" and head.content == b""
    assert get(client, "/about/")["X-Page-Cache"] == "HIT"
    again = client.head("/about/")
    assert again.status_code == 200 and again["X-Page-Cache"] == "HIT" and again.content == b""


def test_if_none_match_is_answered_304(client, page):
    etag = get(client, "/about/")["ETag"]
    for _ in range(2):  # from the render, then from the cache
        response = client.get("/about/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304 and response.content == b""
    assert client.get("/about/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_query_string_is_part_of_the_key(client, page):
    cached_twice(client, "/about/")
    assert get(client, "/about/?a=1")["X-Page-Cache"] == "MISS"


def test_a_hit_checks_the_keys_its_entry_carries_not_those_remembered(client, page):
    """A hit reads the entry with the purge generations of the keys this process saw on it
    last; an entry stored since with other keys is checked against its own keys."""
    cached_twice(client, "/about/")
    key = pagecache._entry_key("http://testserver/about/")
    _, keys, status, headers, content = cache.get(key)
    pagecache._tag_generations({"events"})
    cache.set(key, (pagecache._current_generation(), sorted([*keys, "events"]), status, headers, content))
    assert get(client, "/about/")["X-Page-Cache"] == "HIT"
    pagecache.purge(keys=["events"])
    assert get(client, "/about/")["X-Page-Cache"] == "MISS"
    assert get(client, "/about/")["X-Page-Cache"] == "HIT"


# --- Who never gets a cached page ----------------------------------------------------------


def test_signed_in_users_neither_receive_nor_populate_cached_pages(client, page, users):
    cached_twice(client, "/about/")
    client.force_login(users["editor"])
    for _ in range(2):
        response = get(client, "/about/")
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "Surrogate-Key" not in response
    client.logout()
    client.cookies.clear()
    page.title = "Changed while nobody looked"
    page.save_revision().publish()
    client.force_login(users["editor"])
    get(client, "/about/")  # a signed-in render: not stored
    client.logout()
    client.cookies.clear()
    assert get(client, "/about/")["X-Page-Cache"] == "MISS"


def test_api_credentials_bypass_the_cache(client, page):
    cached_twice(client, "/about/")
    response = get(client, "/about/", HTTP_AUTHORIZATION="Token whatever")
    assert "X-Page-Cache" not in response and "no-store" in response["Cache-Control"]


def run(view, request):
    """`view` behind the middlewares that set cookies and messages, under the page cache."""
    chain = SessionMiddleware(CsrfViewMiddleware(MessageMiddleware(view)))
    return PageCacheMiddleware(chain)(request)


def test_responses_with_a_csrf_token_a_cookie_or_a_message_are_never_cached(db):
    factory = RequestFactory()

    def form(request):
        return HttpResponse(f'<form><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')

    def cookie(request):
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    def message(request):
        messages.info(request, "Only for you")
        return HttpResponse("".join(str(m) for m in messages.get_messages(request)))

    for view in (form, cookie, message):
        url = f"/{view.__name__}/"
        for _ in range(2):
            response = run(view, factory.get(url))
            assert response.status_code == 200 and "X-Page-Cache" not in response, view.__name__
            assert "Surrogate-Key" not in response

    def plain(request):
        pagecache.tag("plain")  # what it shows: a purge of "plain" clears it
        return HttpResponse("plain")

    assert run(plain, factory.get("/plain/"))["X-Page-Cache"] == "MISS"
    assert run(lambda request: HttpResponse("other"), factory.get("/plain/"))["X-Page-Cache"] == "HIT"
    # A view that names nothing it shows is never stored: nothing would purge it.
    for _ in range(2):
        assert "X-Page-Cache" not in run(lambda request: HttpResponse("untagged"), factory.get("/untagged/"))
    with_messages = factory.get("/plain/")
    with_messages.COOKIES["messages"] = "x"  # a message waiting for this visitor: rendered for them
    assert "X-Page-Cache" not in run(lambda request: HttpResponse("fresh"), with_messages)


def test_previews_are_never_cached_nor_served_from_the_cache(client, page):
    cached_twice(client, "/about/")
    page.title = "Draft title"
    page.save_revision()
    preview = page.make_preview_request()
    assert "Draft title" in preview.content.decode() and "X-Page-Cache" not in preview
    assert "Original title" in get(client, "/about/").content.decode()


def test_errors_and_the_admin_are_not_cached(client, page):
    for _ in range(2):
        assert "X-Page-Cache" not in client.get("/nowhere/")
        assert "X-Page-Cache" not in client.get("/admin/login/")


# --- Invalidation: the next anonymous request sees each kind of write ---------------------------


def test_publish_and_unpublish_are_seen_at_once_and_parents_list_children(client, page, home_page):
    cached_twice(client, "/about/")
    cached_twice(client, "/")
    page.title = "Published title"
    page.show_in_menus = True
    page.save_revision().publish()
    assert "Published title" in get(client, "/about/").content.decode()
    page.unpublish()
    assert client.get("/about/").status_code == 404


def test_a_page_made_private_leaves_the_cached_pages_that_showed_it(client, home_page):
    from wagtail.models import PageViewRestriction

    stories = SuccessStoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=stories, title="Python at Cachecorp", is_featured=True)
    assert story.title in cached_twice(client, "/")  # the featured story
    assert story.title in cached_twice(client, stories.url)
    restriction = PageViewRestriction.objects.create(page=story, restriction_type="password", password="secret")
    assert story.title not in get(client, "/").content.decode()
    assert story.title not in get(client, stories.url).content.decode()
    assert get(client, "/")["X-Page-Cache"] == "HIT"
    restriction.delete()
    assert story.title in get(client, "/").content.decode()


def test_a_child_page_is_purged_with_its_ancestor(client, page):
    child = StandardPageFactory(parent=page, title="Child", slug="child")
    cached_twice(client, "/about/child/")
    page.title = "Renamed parent"
    page.save_revision().publish()
    assert get(client, "/about/child/")["X-Page-Cache"] == "MISS"  # its breadcrumbs show the parent
    assert child.pk


@pytest.fixture
def board(home_page, site):
    return JobBoardPageFactory(parent=home_page)


def test_job_approval_and_expiry_are_seen_on_the_board(client, board, make_user):
    job = JobFactory(title="Pythonista wanted", status=Job.Status.REVIEW)
    assert "Pythonista wanted" not in cached_twice(client, "/jobs/")
    job.transition("approve", make_user("moderator", groups=["Job board moderators"]))
    board_page = get(client, "/jobs/")
    assert "Pythonista wanted" in board_page.content.decode() and "jobs" in board_page["Surrogate-Key"].split()
    assert get(client, "/jobs/")["X-Page-Cache"] == "HIT"
    Job.objects.filter(pk=job.pk).update(expires=timezone.localdate() - timedelta(days=1))
    assert expire_jobs() == 1
    assert "Pythonista wanted" not in get(client, "/jobs/").content.decode()


def test_a_renamed_job_type_or_category_is_seen_on_the_board(client, board):
    job = JobFactory(title="Pythonista wanted")
    job_type = job.job_types.create(name="Backend", slug="backend")
    assert "Backend" in cached_twice(client, "/jobs/")
    job_type.name = "Server side"
    job_type.save()
    assert "Server side" in get(client, "/jobs/").content.decode()
    job.category.name = "Renamed category"
    job.category.save()
    assert get(client, "/jobs/")["X-Page-Cache"] == "MISS"


def test_a_release_file_uploaded_through_the_api_is_seen(
    client, home_page, site, make_user, django_capture_on_commit_callbacks
):
    downloads = DownloadsIndexPageFactory(parent=home_page)
    release_index = ReleaseIndexPageFactory(parent=downloads)
    grant_release_managers(release_index)
    release = ReleasePageFactory(parent=release_index, title="Python 3.14.0")
    OperatingSystemFactory(name="Windows", slug="windows")
    manager = make_user("release_manager", groups=["Release managers"], is_staff=True)
    ApiTokenFactory(user=manager, key="manager-token")
    url = release.url
    assert "Windows installer (64-bit)" not in cached_twice(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v2/downloads/release_file/",
            v2_file(release),
            content_type="application/json",
            HTTP_AUTHORIZATION="Token manager-token",
        )
    assert response.status_code == 201, response.content
    assert "Windows installer (64-bit)" in get(client, url).content.decode()


def test_a_calendar_sync_is_seen(client, home_page, site, tmp_path, settings):
    settings.EVENTS_FEED_FILE_ROOTS = [tmp_path]
    EventsIndexPageFactory(parent=home_page)
    feed = tmp_path / "events.ics"
    calendar = CalendarFactory(feed_url=f"file://{feed}")
    start = (timezone.now() + timedelta(days=10)).strftime("%Y%m%dT100000Z")
    end = (timezone.now() + timedelta(days=10)).strftime("%Y%m%dT120000Z")
    feed.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:sprint@example.com\r\n"
        f"DTSTAMP:20250101T000000Z\r\nSUMMARY:Cache sprint\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert "Cache sprint" not in cached_twice(client, "/events/")
    assert "Cache sprint" not in cached_twice(client, "/")  # the home page's upcoming events
    assert sync_calendar(calendar).status == "ok"
    assert "Cache sprint" in get(client, "/events/").content.decode()
    assert "Cache sprint" in get(client, "/").content.decode()


def test_a_renamed_venue_or_event_category_is_seen_on_the_listing(client, home_page):
    EventsIndexPageFactory(parent=home_page)
    venue = EventLocationFactory(name="Old hall")
    category = EventCategoryFactory(calendar=venue.calendar, name="Sprints")
    event = EventFactory(calendar=venue.calendar, venue=venue)
    event.categories.add(category)
    event.save()
    page = cached_twice(client, "/events/")
    assert "Old hall" in page and "Sprints" in page
    venue.name = "New hall"
    venue.save()
    assert "New hall" in get(client, "/events/").content.decode()
    category.name = "Code sprints"
    category.save()
    assert "Code sprints" in get(client, "/events/").content.decode()


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title><link>https://blog.example.com/</link>
<description>d</description><item><title>Cache news</title><link>https://blog.example.com/cache</link>
<guid>https://blog.example.com/cache</guid><pubDate>Mon, 01 Sep 2025 10:00:00 GMT</pubDate>
<description>Pages are cached.</description></item></channel></rss>"""


def test_a_news_sync_is_seen(client, home_page, site, tmp_path, settings):
    settings.NEWS_FEED_FILE_ROOTS = [tmp_path]
    index = NewsIndexPageFactory(parent=home_page)
    (tmp_path / "feed.xml").write_text(RSS)
    feed = FeedFactory(feed_url=f"file://{tmp_path / 'feed.xml'}", page=index, on_home_page=True)
    assert "Cache news" not in cached_twice(client, index.url)
    assert "Cache news" not in cached_twice(client, "/")  # the home page's Latest News
    assert sync_feed(feed).created == 1
    assert "Cache news" in get(client, index.url).content.decode()
    assert "Cache news" in get(client, "/").content.decode()


def test_the_home_pages_boxes_are_rendered_once_per_change(client, home_page, site, tmp_path, settings):
    """The page cache off, the home page's news, story and events boxes are one cached
    fragment (templates/home/home_page.html): the next render reads them, a purge of one of
    their keys renders them again."""
    settings.PAGE_CACHE_ENABLED = False
    settings.NEWS_FEED_FILE_ROOTS = [tmp_path]
    (tmp_path / "feed.xml").write_text(RSS)
    feed = FeedFactory(feed_url=f"file://{tmp_path / 'feed.xml'}", on_home_page=True)
    assert "Cache news" not in get(client, "/").content.decode()
    with CaptureQueriesContext(connection) as rendered_again:
        get(client, "/")
    assert not [q for q in rendered_again if "news_entry" in q["sql"]]  # the fragment, not a query
    assert sync_feed(feed).created == 1  # purges "news"
    assert "Cache news" in get(client, "/").content.decode()
    version = pagecache.version("news", "events", "successstories")
    pagecache.purge(keys={"events"})
    assert pagecache.version("news", "events", "successstories") != version


def test_navigation_box_and_banner_edits_are_seen_on_every_page(client, page, navigation):
    box = BoxFactory(label="homepage-introduction", content="<p>Old introduction</p>")
    assert "Old introduction" in cached_twice(client, "/")
    cached_twice(client, "/about/")

    navigation.footer_note = "<p>A new footer note</p>"
    navigation.save()
    assert "A new footer note" in get(client, "/about/").content.decode()

    box.content = "<p>New introduction</p>"
    box.save()
    assert "New introduction" in get(client, "/").content.decode()

    cached_twice(client, "/about/")
    BannerFactory(message="<p>Sprint this weekend</p>")
    assert "Sprint this weekend" in get(client, "/about/").content.decode()


def test_a_banner_window_opening_limits_how_long_pages_are_kept(client, page, settings):
    settings.PAGE_CACHE_CDN_SECONDS = settings.PAGE_CACHE_SECONDS = 600
    BannerFactory(start=timezone.now() + timedelta(seconds=120))
    response = get(client, "/about/")
    s_maxage = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 0 < s_maxage <= 121


# --- Redis down -----------------------------------------------------------------------------


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the socket is


def test_pages_still_answer_when_redis_is_down(client, page, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "pydotorg.core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    for _ in range(2):
        response = get(client, "/about/")
        assert "Original title" in response.content.decode()
        assert response.get("X-Page-Cache") != "HIT"
    page.title = "Edited while Redis is down"
    page.save_revision().publish()  # the purge fails quietly
    assert "Edited while Redis is down" in get(client, "/about/").content.decode()
