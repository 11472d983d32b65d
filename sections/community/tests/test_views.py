"""/community/ (the page's body, then the posts, newest first, paginated), /community/<pk>/,
and the RSS feed: what visitors see, what they never see (drafts, unsafe HTML), and the cost
in SQL queries."""

from datetime import timedelta
from io import BytesIO

import feedparser
import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.utils import timezone

from sections.community.models import Post
from sections.community.views import PER_PAGE

pytestmark = pytest.mark.django_db


def test_index_shows_the_page_body_then_published_posts_newest_first(client, community, make_post):
    community.body = [{"type": "markdown", "value": "## The Python Community\n\nEveryone is welcome."}]
    community.save_revision().publish()
    now = timezone.now()
    make_post(title="Older post", published_at=now - timedelta(days=2))
    make_post(title="Newer post", published_at=now - timedelta(days=1))
    make_post(title="Draft post", live=False)

    html = client.get("/community/").content.decode()
    assert "Everyone is welcome." in html
    body, posts = html.index("Everyone is welcome."), html.index('id="community-posts-title"')
    assert body < posts < html.index("Newer post") < html.index("Older post")
    assert "Draft post" not in html
    assert 'href="/community/feed/rss/"' in html


def test_index_paginates(client, community, make_post):
    now = timezone.now()
    for n in range(PER_PAGE + 3):
        make_post(title=f"Post number {n:02d}", published_at=now - timedelta(hours=n))
    first = client.get("/community/").content.decode()
    second = client.get("/community/?page=2").content.decode()
    assert "Post number 00" in first and f"Post number {PER_PAGE - 1:02d}" in first
    assert f"Post number {PER_PAGE:02d}" not in first and "Page 1 of 2" in first
    assert f"Post number {PER_PAGE:02d}" in second and "Post number 00" not in second
    assert client.get("/community/?page=999").status_code == 200  # the last page
    assert client.get("/community/?page=x").status_code == 200  # the first page


def test_detail_shows_a_published_post_and_hides_drafts(client, community, make_post):
    post = make_post(title="Python Weekly", link=True)
    response = client.get(f"/community/{post.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Python Weekly</h1>" in html and 'href="https://www.pythonweekly.com/"' in html

    draft = make_post(title="Not yet", live=False)
    assert client.get(f"/community/{draft.pk}/").status_code == 404
    assert client.get("/community/999999/").status_code == 404
    assert client.get("/community/abc/").status_code == 404


def test_post_content_is_sanitised(client, community, make_post):
    post = make_post(
        content='<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:alert(2)">x</a></p>'
        "<h1>Big</h1><iframe src='https://evil.example/'></iframe>"
    )
    for url in ("/community/", f"/community/{post.pk}/"):
        html = client.get(url).content.decode()
        assert "alert(1)" not in html and "javascript:" not in html and "steal()" not in html, url
        assert "evil.example" not in html and "<h1>Big</h1>" not in html, url
        assert "Hi" in html


def test_video_and_photo_posts_show_links_and_images_never_embeds(client, community, make_post):
    video = make_post(title="A talk", video=True)
    photo = make_post(title="A sprint", photo=True)
    html = client.get("/community/").content.decode()
    assert 'href="https://www.youtube.com/watch?v=example"' in html and "Watch the video on www.youtube.com" in html
    assert "<iframe" not in html
    rendition = photo.image.get_rendition("max-320x240")
    assert f'src="{rendition.url}"' in html
    detail = client.get(f"/community/{video.pk}/").content.decode()
    assert "Watch the video" in detail and "<iframe" not in detail
    assert photo.image.get_rendition("max-800x600").url in client.get(f"/community/{photo.pk}/").content.decode()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": Post.Kind.LINK}, "url"),
        ({"kind": Post.Kind.VIDEO}, "media_url"),
        ({"kind": Post.Kind.PHOTO}, "image"),
    ],
)
def test_each_kind_needs_its_link_or_media(fields, field):
    with pytest.raises(ValidationError) as error:
        Post(title="T", **fields).full_clean()
    assert field in error.value.message_dict
    Post(title="T", kind=Post.Kind.PHOTO, media_url="https://www.flickr.com/photos/x/1").full_clean()
    Post(title="T").full_clean()  # text: nothing more needed


def test_feed_lists_the_newest_published_posts(client, community, make_post):
    now = timezone.now()
    make_post(title="First", published_at=now - timedelta(days=3), content="<p>One &amp; <b>two</b></p>")
    make_post(title="Second", published_at=now - timedelta(days=1))
    make_post(title="Draft", live=False)
    for n in range(25):
        make_post(title=f"Old {n}", published_at=now - timedelta(days=30 + n))
    response = client.get("/community/feed/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(BytesIO(response.content))
    assert feed.bozo == 0, feed.get("bozo_exception")
    titles = [entry.title for entry in feed.entries]
    assert titles[:2] == ["Second", "First"] and len(titles) == 20 and "Draft" not in titles
    first = feed.entries[1]
    assert first.link.startswith("http://testserver/community/") and first.id == first.link
    assert "<b>two</b>" in first.summary
    assert feed.feed.link == "http://testserver/community/"


def test_listing_renders_with_constant_queries(client, community, count_queries):
    images = [wagtail_factories.ImageFactory(title=f"Photo {n}") for n in range(3)]
    for image in images:
        image.get_rendition("max-320x240")

    def make(count):
        Post.objects.all().delete()
        now = timezone.now()
        Post.objects.bulk_create(
            Post(
                title=f"Post {n}",
                kind=Post.Kind.PHOTO,
                content="<p>Text</p>",
                image=images[n % 3],
                live=True,
                published_at=now - timedelta(minutes=n),
            )
            for n in range(count)
        )

    counts = []
    for count in (10, 1000):
        make(count)
        client.get("/community/")  # warm the site and settings caches
        counts.append(count_queries("/community/"))
    assert counts[0] == counts[1], counts
    html = client.get("/community/").content.decode()
    assert "Page 1 of 50" in html and html.count('class="post-image"') == PER_PAGE
