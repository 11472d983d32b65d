"""Site search (/search/, its autocomplete, /opensearch.xml; docs/sections/search.md): only what
a visitor may see, ranked, filtered, paginated, safely highlighted, and never a 500 whatever is
typed. Run on SQLite and on PostgreSQL (their full-text parsers differ)."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from pydotorg.core import search as site_search
from pydotorg.core.tasks import rebuild_search_index
from sections.jobs.factories import JobFactory
from sections.jobs.tasks import expire_jobs
from sections.pages.factories import StandardPageFactory

from .conftest import WORD

pytestmark = pytest.mark.django_db

TYPES = ["pages", "releases", "jobs", "events", "news", "stories"]


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200, params
    return response


def titles(response):
    return [re.sub(r"</?mark>", "", str(result.title)) for result in response.context["results"]]


# --- What is searched ------------------------------------------------------------------


def test_every_type_is_registered_in_filter_order():
    assert [t.key for t in site_search.search_types()] == TYPES


def test_each_visible_item_is_found_once_with_its_type_and_link(client, content):
    response = search(client, q=WORD)
    results = {result.type.key: result for result in response.context["results"]}
    assert set(results) == set(TYPES)
    assert response.context["counts"] == dict.fromkeys(TYPES, 1)  # disjoint: a release is not also a page
    visible = content["visible"]
    assert results["pages"].url == visible["pages"].url
    assert results["releases"].url == visible["releases"].url
    assert results["jobs"].url == f"/jobs/{visible['jobs'].pk}/"
    assert results["events"].url == f"/events/{visible['events'].calendar.slug}/{visible['events'].pk}/"
    assert results["news"].url == visible["news"].url
    assert results["stories"].url == visible["stories"].url
    html = response.content.decode()
    for label in ("Page", "Release", "Job", "Event", "News", "Success story"):
        assert f'<span class="search-result-type">{label}</span>' in html
    for result in results.values():
        assert client.get(result.url).status_code == 200 or result.type.key == "news"  # news links to its blog


@pytest.mark.parametrize(
    "hidden",
    [
        "draft page",
        "private page",
        "page under a private one",
        "draft release",
        "draft story",
        "job past its date",
        "draft job",
        "review job",
        "rejected job",
        "expired job",
        "archived job",
        "removed job",
        "pending event",
        "rejected event",
        "unpublished event",
        "future news",
    ],
)
def test_what_a_visitor_may_not_see_is_never_found_nor_counted(client, content, hidden):
    item = content["hidden"][hidden]
    for params in [{"q": WORD}, {"q": "hidden"}, *({"q": WORD, "type": key} for key in TYPES)]:
        response = search(client, **params)
        assert str(item.title) not in titles(response), params
        assert not any("Hidden" in title for title in titles(response))
    assert search(client, q="hidden").context["total"] == 0
    suggestions = client.get("/search/autocomplete/", {"q": "hidden"}).json()
    assert suggestions == []


def test_a_job_past_its_date_disappears_at_once_and_after_the_expiry_task(client, content):
    job = content["visible"]["jobs"]
    job.expires = timezone.localdate() - timedelta(days=1)
    job.save()
    assert search(client, q=WORD, type="jobs").context["total"] == 0  # before the daily task runs
    assert expire_jobs() == 2  # this one and the fixture's expired one
    assert search(client, q=WORD, type="jobs").context["total"] == 0


def test_unpublishing_and_deleting_update_the_results(client, content):
    event, page = content["visible"]["events"], content["visible"]["pages"]
    event.unpublish()
    page.unpublish()
    counts = search(client, q=WORD).context["counts"]
    assert counts["events"] == 0 and counts["pages"] == 0
    content["visible"]["news"].delete()
    assert search(client, q=WORD).context["counts"]["news"] == 0


def test_a_new_item_is_found_without_a_rebuild(client, content):
    JobFactory(approved=True, title="Quetzalcoatl wrangler")
    assert titles(search(client, q="quetzalcoatl")) == ["Quetzalcoatl wrangler"]


def test_the_type_filter_keeps_the_query_and_shows_the_counts(client, content):
    response = search(client, q=WORD, type="jobs")
    assert [r.type.key for r in response.context["results"]] == ["jobs"]
    html = response.content.decode()
    assert f'href="?q={WORD}&amp;type=events"' in html
    assert re.search(r'aria-current="true">Jobs <span class="search-filter-count">\(1\)</span>', html)
    assert 'All <span class="search-filter-count">(6)</span>' in html
    assert '<input type="hidden" name="type" value="jobs">' in html


def test_title_matches_rank_first(client, home_page, content):
    StandardPageFactory(parent=home_page, title="Notes", intro="tangerine " * 3)
    StandardPageFactory(parent=home_page, title="Tangerine", intro="A fruit.")
    assert titles(search(client, q="tangerine")) == ["Tangerine", "Notes"]


def test_release_pages_come_first_for_a_version(client, home_page, content):
    StandardPageFactory(parent=home_page, title="What changed", intro="Python 3.113 changed many things.")
    assert titles(search(client, q="3.113"))[0] == "Python 3.113.0"


# --- Snippets and highlighting ---------------------------------------------------------


def test_snippet_shows_the_text_around_the_match_with_terms_marked(client, home_page, content):
    long_text = "Lorem ipsum dolor sit amet. " * 30 + "The walrus appears here. " + "Ending words. " * 30
    StandardPageFactory(parent=home_page, title="Long page", intro=long_text)
    (result,) = search(client, q="walrus").context["results"]
    snippet = str(result.snippet)
    assert "The <mark>walrus</mark> appears here." in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …") and len(snippet) < 300


def test_titles_queries_and_snippets_are_escaped(client, home_page, content):
    StandardPageFactory(parent=home_page, title="<script>alert(1)</script> walrus", intro="<b>walrus</b> & co")
    html = search(client, q="walrus").content.decode()
    assert "<script>alert(1)" not in html and "<b>walrus" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>walrus</mark>" in html
    assert "<mark>walrus</mark> &amp; co" in html  # the intro's tags are stripped, its text escaped
    html = search(client, q='<img src=x onerror="alert(1)">').content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_highlight_marks_word_starts_only():
    assert str(site_search.highlight("a <cat> category", ["cat"])) == "a &lt;<mark>cat</mark>&gt; <mark>cat</mark>egory"
    assert str(site_search.highlight("concat", ["cat"])) == "concat"


# --- Pagination ------------------------------------------------------------------------


@pytest.fixture
def many(home_page, site):
    for n in range(23):
        StandardPageFactory(parent=home_page, title=f"Walrus {n}", intro="About walruses.")


@pytest.mark.parametrize(
    "page, number, note",
    [
        ("1", 1, ""),
        ("2", 2, ""),
        ("3", 3, ""),
        ("abc", 1, "“abc” is not a page number: here is the first page."),
        ("-1", 1, "There is no page -1: here is the first page."),
        ("0", 1, "There is no page 0: here is the first page."),
        ("99999", 3, "There is no page 99999: here is the last page, page 3."),
        ("4", 3, "There is no page 4: here is the last page, page 3."),
    ],
)
def test_pagination_answers_any_page_number(client, many, page, number, note):
    response = search(client, q="walrus", page=page)
    assert response.context["number"] == number
    assert len(response.context["results"]) == (3 if number == 3 else 10)
    if note:
        assert note in response.content.decode()
    assert response.context["total"] == 23


def test_pages_list_every_result_once(client, many):
    seen = [t for page in (1, 2, 3) for t in titles(search(client, q="walrus", page=page))]
    assert sorted(seen) == sorted(f"Walrus {n}" for n in range(23))
    html = search(client, q="walrus", page=2).content.decode()
    assert 'href="?q=walrus&amp;page=3" rel="next"' in html and 'href="?q=walrus&amp;page=1" rel="prev"' in html


def test_queries_do_not_grow_with_the_results_shown(client, home_page, content, count_queries):
    for n in range(2):
        StandardPageFactory(parent=home_page, title=f"Okapi {n}", intro="okapi")
        JobFactory(approved=True, title=f"Okapi keeper {n}")
    count_queries("/search/?q=okapi")  # the first search logs the query and fills Django's caches
    few = count_queries("/search/?q=okapi")
    for n in range(2, 8):
        StandardPageFactory(parent=home_page, title=f"Okapi {n}", intro="okapi")
        JobFactory(approved=True, title=f"Okapi keeper {n}")
    assert count_queries("/search/?q=okapi") == few
    assert count_queries("/search/?q=okapi&page=2") <= few


# --- Bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "a",
        "x" * 10_000,
        "!!!",
        "& | ! ( ) : * \" ' \\",
        '"',
        "'",
        "a & b | !c",
        "(zanzibar",
        "zanzibar:*",
        "zanzibar*",
        "'; DROP TABLE wagtailcore_page; --",
        "1 OR 1=1",
        'zanzibar" OR "1"="1',
        "NEAR(zanzibar python)",
        "Пайтон zanzibar 蛇 🐍",
        "🐍🐍🐍",
        "%_%",
        "<script>alert(1)</script>",
        " " * 50,
    ],
)
def test_any_query_answers_a_page(client, content, query):
    response = search(client, q=query)
    assert b"<h1>" in response.content


def test_a_long_query_is_cut_with_a_note(client, content):
    response = search(client, q=WORD + " " + "x" * 10_000)
    assert response.context["search_query"] == (WORD + " " + "x" * 10_000)[:200]
    assert "only its first 200 were searched" in response.content.decode()


def test_punctuation_only_says_what_happened(client, content):
    html = search(client, q="& | ! ( ) :").content.decode()
    assert "no letters or digits to look for" in html


def test_an_unknown_filter_says_so_and_searches_everything(client, content):
    response = search(client, q=WORD, type="unicorns")
    assert "There is no “unicorns” filter" in response.content.decode()
    assert response.context["total"] == 6


def test_query_syntax_is_searched_as_words(client, content):
    assert search(client, q=f"({WORD}) & | !").context["total"] == 6
    assert search(client, q=f'"{WORD}"').context["total"] == 6


def test_no_result_with_every_word_falls_back_to_any_word(client, content):
    response = search(client, q=f"{WORD} nonexistentword")
    assert response.context["any_words"] and response.context["total"] == 6
    assert "No result has all of your words" in response.content.decode()


# --- Suggestions: editors' picks and popular queries -----------------------------------


def test_editors_picks_come_first_and_only_when_visible(client, content):
    page = content["visible"]["pages"]
    query = Query.get("snake care")
    SearchPromotion.objects.create(query=query, page=page, description="Our guide.", sort_order=0)
    SearchPromotion.objects.create(query=query, page=content["hidden"]["draft page"], sort_order=1)
    SearchPromotion.objects.create(
        query=query, external_link_url="https://docs.python.org/", external_link_text="The docs", sort_order=2
    )
    response = search(client, q="Snake  Care")
    assert [(p.page_id, p.external_link_url) for p in response.context["promotions"]] == [
        (page.pk, ""),
        (None, "https://docs.python.org/"),
    ]
    html = response.content.decode()
    assert "Editors’ picks" in html and "Our guide." in html and "Hidden" not in html


def test_searches_with_results_are_logged_and_suggested_when_nothing_matches(client, content):
    for _ in range(3):
        search(client, q=WORD)
    search(client, q=WORD, page=2)  # a further page is not a new search
    search(client, q="nothingmatchesthis")
    assert Query.get(WORD).hits == 3
    assert not Query.objects.filter(query_string="nothingmatchesthis").exists()
    response = search(client, q="nothingmatchesthis")
    assert response.context["popular"] == [WORD]
    html = response.content.decode()
    assert f'<a href="?q={WORD}">{WORD}</a>' in html and "Nothing matches" in html


# --- Autocomplete and OpenSearch -------------------------------------------------------


def test_autocomplete_suggests_titles_by_prefix(client, content):
    response = client.get("/search/autocomplete/", {"q": "zanz"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    found = response.json()
    assert {s["type"] for s in found} == {"Page", "Job", "Event", "News", "Success story"}
    assert all(set(s) == {"title", "url", "type"} and s["title"].startswith("Visible") for s in found)
    assert client.get("/search/autocomplete/", {"q": "🐍 & |"}).json() == []
    assert client.get("/search/autocomplete/").json() == []


def test_autocomplete_is_cached_by_normalised_query(client, content, django_assert_num_queries):
    first = client.get("/search/autocomplete/", {"q": "Visible  zanz"}).json()
    with django_assert_num_queries(0):
        assert client.get("/search/autocomplete/", {"q": "visible zanz!"}).json() == first


def test_autocomplete_is_rate_limited(client, content, settings):
    settings.SEARCH_AUTOCOMPLETE_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/search/autocomplete/", {"q": "zanz"}).status_code == 200
    refused = client.get("/search/autocomplete/", {"q": "zanz"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many requests" in refused.json()["error"]
    assert client.get("/search/", {"q": WORD}).status_code == 200  # the page itself is not limited


def test_opensearch_suggestions_format(client, content):
    response = client.get("/search/suggest/", {"q": "zanz"})
    assert response["Content-Type"] == "application/x-suggestions+json"
    query, completions, descriptions, urls = json.loads(response.content)
    assert query == "zanz" and len(completions) == len(descriptions) == len(urls) == 5
    assert all(url.startswith(("http://testserver/", "https://blog.example.org/")) for url in urls)


def test_opensearch_description(client, site):
    response = client.get("/opensearch.xml", HTTP_HOST="search.example.org:8443")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    xml = response.content.decode()
    assert "<ShortName>Python.org</ShortName>" in xml
    assert 'template="http://search.example.org:8443/search/?q={searchTerms}"' in xml
    assert 'type="application/x-suggestions+json"' in xml


def test_every_page_links_the_description_and_the_box_offers_suggestions(client, home_page):
    html = client.get("/").content.decode()
    assert (
        '<link rel="search" type="application/opensearchdescription+xml" title="Python.org" href="/opensearch.xml">'
        in html
    )
    assert 'data-autocomplete-url="/search/autocomplete/"' in html
    assert re.search(r'<script src="/static/js/search\.js" defer></script>', html)
    assert 'action="/search/"' in html  # the plain form works without JavaScript


# --- Operations ------------------------------------------------------------------------


def test_the_weekly_rebuild_indexes_everything_and_logs_a_summary(content, caplog):
    with caplog.at_level("INFO", logger="pydotorg.core.tasks"):
        summary = rebuild_search_index()
    assert summary["objects"] >= 20
    assert "search index rebuilt" in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/events/event/?q=zanz&live=true&calendar=1",
        "/admin/news/entries/?q=zanz&feed=1",
        "/admin/snippets/jobs/job/?q=zanz&status=approved",
    ],
)
def test_the_admin_listings_of_indexed_snippets_still_search(client, content, users, url):
    """Making a model `index.Indexed` must not move its admin search onto the search backend
    (which refuses the listing's filters): the listings filter in the database."""
    client.force_login(users["superuser"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Visible zanzibar" in response.content.decode()


def test_editors_manage_picks_and_admins_see_the_search_terms_in_the_admin(client, users):
    from django.urls import reverse

    client.force_login(users["superuser"])
    for name in (
        "wagtailsearchpromotions:index",
        "wagtailsearchpromotions:add",
        "wagtailsearchpromotions:search_terms",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert "Promoted search results" in client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "role, allowed", [("anonymous", False), ("user", False), ("staff", False), ("editor", True), ("superuser", True)]
)
def test_editors_pin_editors_picks(client, users, home_page, role, allowed):
    """Editors (migration search 0001) manage the promoted results; others do not."""
    if users[role]:
        client.force_login(users[role])
    response = client.get("/admin/searchpicks/")
    assert (response.status_code == 200) is allowed, response.status_code
    page = StandardPageFactory(parent=home_page, title="Downloads help")
    response = client.post(
        "/admin/searchpicks/add/",
        {
            "query_string": "installer",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": page.pk,
            "editors_picks-0-external_link_url": "",
            "editors_picks-0-external_link_text": "",
            "editors_picks-0-description": "",
            "editors_picks-0-ORDER": "1",
        },
    )
    assert SearchPromotion.objects.filter(query__query_string="installer").exists() is allowed, response.status_code
