"""Demo content of the community section (called by `manage.py load_demo_content`): the
community page at /community/ and a handful of posts.

It runs after the generic pages (DEMO_ORDER 95 > sections.pages' 90): that demo makes
/community/ a generic section page from python.org's community boxes and legacy reST text
and points its links to pages we lack at www.python.org; this one turns that page into the
CommunityPage, keeping its title, introduction, body and place in the menu, so the text stays
above the posts. /work/shared/data holds no community posts (python.org's community app never
shipped fixtures), so the posts are made from python.org's own community content: the links
and notes of its Community page and boxes (community-widget2/3, community-irc-channels,
documentation-general). Each says so. Matched by title: a second run changes nothing."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from pydotorg.core.demo import ensure_index_page, links_to_python_org, rst, site_answers, stream_data

from .models import Post
from .pages import CommunityPage

DEMO_ORDER = 95  # after sections.pages (90): see the docstring
INTRO = "Python's community is vast, diverse and aims to grow: conferences, user groups, mailing lists, chat and more."
SOURCE = "<p><em>Demo post made from python.org's Community page and boxes.</em></p>"
POSTS = [
    {
        "title": "Python Weekly",
        "kind": Post.Kind.LINK,
        "url": "http://www.pythonweekly.com/",
        "content": "<p>Python Weekly is a free weekly email newsletter featuring curated news, articles, new "
        "releases, jobs, and more. Curated by Rahul Chaudhary every Thursday.</p>",
    },
    {
        "title": "PySlackers",
        "kind": Post.Kind.LINK,
        "url": "https://pyslackers.com/",
        "content": "<p>PySlackers is a community of Python enthusiasts centered around an open Slack team.</p>",
    },
    {
        "title": "Python Discord",
        "kind": Post.Kind.LINK,
        "url": "https://pythondiscord.com",
        "content": "<p>Python Discord is a large community focused around the Python programming language.</p>",
    },
    {
        "title": "Python Developers Community on LinkedIn",
        "kind": Post.Kind.LINK,
        "url": "https://www.linkedin.com/groups/25827/",
        "content": "<p>This is the place where Python Engineers level up their knowledge, skills and network. "
        "Exchange technical publications, coding tutorials and other learning resources.</p>",
    },
    {
        "title": "Internet Relay Chat on Libera.Chat",
        "kind": Post.Kind.TEXT,
        "url": "https://libera.chat/",
        "content": '<p><a href="https://libera.chat/">Libera.Chat</a> hosts several channels. '
        '<a href="http://www.irchelp.org/">Select an IRC client</a>, '
        '<a href="https://libera.chat/guides/registration">register your nickname with Libera.Chat</a>, '
        "and you can be off and running!</p><ul><li><b>#python</b> for general questions</li>"
        "<li><b>#python-dev</b> for CPython developers</li></ul>",
    },
    {
        "title": "“My experience with the Python community has been awesome”",
        "kind": Post.Kind.TEXT,
        "url": "https://twitter.com/alex_gaynor",
        "content": "<blockquote>My experience with the Python community has been awesome. I have met some "
        "fantastic people through local meetups and gotten great support.</blockquote><p>— @alex_gaynor</p>",
    },
    {
        "title": "Python Videos",
        "kind": Post.Kind.VIDEO,
        "media_url": "http://www.pyvideo.org",
        "content": "<p>Talks and tutorials from Python conferences around the world, indexed by PyVideo.</p>",
    },
    {
        "title": "Planet Python",
        "kind": Post.Kind.LINK,
        "url": "http://planet.python.org/",
        "content": "<p>The blogs of the Python community, gathered in one place.</p>",
    },
    {
        "title": "Local User Groups",
        "kind": Post.Kind.LINK,
        "url": "http://wiki.python.org/moin/LocalUserGroups",
        "content": "<p>Python user groups meet all over the world: find the one near you on the Python wiki.</p>",
    },
]


def community_page(command):
    """The CommunityPage at /community/: the existing one, or the generic section page there
    turned into one (same title, introduction, body and menu position)."""
    page = CommunityPage.objects.first()
    if page is not None:
        command.tally("pages", "present")
        return page
    home = Page.objects.get(depth=2)
    generic = home.get_children().filter(slug="community").first()
    fields = {"intro": INTRO, "body": None}
    following = None
    if generic is not None:
        generic = generic.specific
        fields = {"intro": getattr(generic, "intro", ""), "body": getattr(generic, "body", None)}
        fields["body"] = fields["body"].raw_data if fields["body"] is not None else None
        following = generic.get_next_siblings().first()
    if fields["body"] is None:
        fields["body"] = legacy_body(command)
    title = generic.title if generic is not None else "Community"
    page = ensure_index_page(command, CommunityPage, "community", title, **fields)
    if page is not None and following is not None:
        page.move(Page.objects.get(pk=following.pk), pos="left")
    return page


def legacy_body(command):
    """python.org's legacy community text, its links to pages we lack pointed at python.org."""
    body = stream_data([rst("pages/community/content.ht")], {}, command)
    with site_answers(command) as answers:
        if answers is not None:
            for block in body:
                block["value"] = links_to_python_org(block["value"], answers)
    return body


def load_demo(command):
    community_page(command)
    now = timezone.now()
    present = set(Post.objects.values_list("title", flat=True))
    for days, spec in enumerate(command.progress(POSTS, "community posts")):
        if spec["title"] in present:
            command.tally("community posts", "present")
            continue
        post = Post(**{**spec, "content": spec["content"] + SOURCE}, published_at=now - timedelta(days=3 * days))
        post.live = False
        post.save()
        post.save_revision(log_action="wagtail.create").publish()
        command.tally("community posts", "created")
