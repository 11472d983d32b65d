"""Benchmark of the site search on PostgreSQL with 10,000 indexed items (prints figures; not a
test). docs/sections/search.md, "Benchmark".

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pydotorg_searchbench .venv/bin/python bench/search.py
    make bench-search                     # the same, on that database URL

The database named in DATABASE_URL (PostgreSQL only) must not exist: the script creates it,
migrates it, fills it and drops it at the end (`--keep` keeps it; `--reuse` runs the
measures again on a kept one, without building, and keeps it).

1. Content: ~10,000 indexed items over every registered type (pages of five kinds, releases
   from python.org's release history, jobs, events, news entries, success stories, and a few
   hundred hidden ones: drafts, expired jobs, pending events, future news), with text from
   shared/data (Python Insider posts, success stories, events, job postings) mixed with Python
   terms. Saved with the search index off, then indexed once (`manage.py update_index`).
2. 20 typical queries, each --repeat times through the search function the view uses
   (`count_and_rank` + `load` + `results`, as /search/ runs them) and through the Django test
   client (the whole request: template, picks, query log); the autocomplete function and
   endpoint (cache emptied before each call, then cached). Median and p95 of each.
3. SQL queries per search request with pages of 10 and 50 results (PER_PAGE), which must not
   differ but by the page types shown (one `specific()` query per page type)."""

import argparse
import hashlib
import io
import itertools
import json
import logging
import os
import random
import re
import statistics
import sys
import time
import warnings
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# This file is bench/search.py: its folder must not shadow the `search` app.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pydotorg.settings.test")

DATA = Path(os.environ.get("SHARED_DATA", "/work/shared/data"))
MARKER = "searchbench_marker"  # a table only this script's databases have (--reuse checks it)
# The fix docs/sections/search.md ("Benchmark") proposes: Wagtail's database backend matches
# `title || body`, which its GIN indexes (one per column) cannot serve, and which PostgreSQL has
# no statistics on (it expects one row, and joins each match to a scan of the model's table).
INDEX = "searchbench_title_body_gin"
INDEX_SQL = f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING GIN ((title || body))"

QUERIES = [
    "3.13",
    "django",
    "download windows",
    "pycon",
    "asyncio",
    "release candidate",
    "job remote",
    "psf board",
    "python",
    "security fix",
    "tutorial",
    "data scientist",
    "machine learning",
    "pep 8",
    "sprint berlin",
    "packaging wheels",
    "free-threading",
    "europython 2025",
    "grant",
    "pyhton installer",  # a typo: no result has both words, so the page searches again for any
]
# What a visitor has typed when the box suggests (one per query above).
TYPED = [
    "3.1",
    "djan",
    "downl",
    "pyc",
    "asyn",
    "release c",
    "job rem",
    "psf bo",
    "pyth",
    "secur",
    "tuto",
    "data sci",
    "machine le",
    "pep",
    "sprint ber",
    "packag",
    "free thr",
    "europy",
    "gran",
    "pyhto",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs of each query (default 20)")
    parser.add_argument("--items", type=int, default=10_000, help="indexed items to make (default 10,000)")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--reuse", action="store_true", help="measure on a database a --keep run left")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of a search's queries")
    parser.add_argument(
        "--index", action="store_true", help=f"measure with the index docs/sections/search.md proposes ({INDEX})"
    )
    return parser.parse_args()


# --- The database ----------------------------------------------------------------------


def database_url():
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not parts.path.strip("/"):
        sys.exit(
            "bench/search.py measures PostgreSQL: set DATABASE_URL to a database it may create and drop, "
            "e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/pydotorg_searchbench"
        )
    return url, parts.path.strip("/")


def maintenance(url, sql, params=()):
    """Run `sql` on the server's `postgres` database (CREATE/DROP DATABASE); returns the rows."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def create_database(url, name, reuse):
    from psycopg import sql

    exists = maintenance(url, "SELECT 1 FROM pg_database WHERE datname = %s", [name])
    if reuse:
        if not exists:
            sys.exit(f"--reuse: there is no database {name}.")
        return
    if exists:
        sys.exit(f"The database {name} exists: drop it (dropdb {name}) or pass --reuse to measure on it.")
    maintenance(url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url, name):
    from django.db import connections
    from psycopg import sql

    for conn in connections.all():
        conn.close()
        if hasattr(conn, "close_pool"):
            conn.close_pool()
    maintenance(url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- Text ------------------------------------------------------------------------------

TOPICS = ["asyncio", "typing", "packaging", "virtual environments", "the standard library", "dataclasses",
          "pattern matching", "free-threading", "the GIL", "pip", "wheels", "Django", "Flask", "FastAPI", "NumPy",
          "pandas", "machine learning", "web scraping", "unit testing", "pytest", "decorators", "generators",
          "the import system", "Unicode", "f-strings", "logging", "subprocess", "multiprocessing", "the C API",
          "PEP 8", "documentation", "security", "performance", "the JIT", "WebAssembly", "Android", "iOS",
          "data science", "education", "CircuitPython", "IDLE", "tkinter", "sqlite3", "pathlib", "the REPL"]  # fmt: skip
KINDS = ["tutorial", "FAQ", "guide", "overview", "resources", "how-to", "reference", "introduction", "cookbook"]
PLACES = [("Berlin", "Germany"), ("London", "United Kingdom"), ("Paris", "France"), ("New York", "USA"),
          ("San Francisco", "USA"), ("Bangalore", "India"), ("Lagos", "Nigeria"), ("São Paulo", "Brazil"),
          ("Tokyo", "Japan"), ("Sydney", "Australia"), ("Toronto", "Canada"), ("Amsterdam", "Netherlands"),
          ("Warsaw", "Poland"), ("Nairobi", "Kenya"), ("Singapore", "Singapore"), ("Pittsburgh", "USA"),
          ("Prague", "Czech Republic"), ("Lisbon", "Portugal"), ("Kraków", "Poland"), ("Dublin", "Ireland")]  # fmt: skip
ROLES = ["Python Developer", "Senior Python Engineer", "Django Developer", "Backend Engineer", "Data Engineer",
         "Machine Learning Engineer", "Site Reliability Engineer", "Full Stack Developer", "Data Scientist",
         "DevOps Engineer", "Software Engineer in Test", "Python Trainer", "Technical Writer", "Research Engineer"]  # fmt: skip
TECH = ["Django", "Flask", "FastAPI", "asyncio", "PostgreSQL", "Redis", "Celery", "NumPy", "pandas", "PyTorch",
        "Kubernetes", "AWS", "Docker", "pytest", "SQLAlchemy", "React", "Airflow", "Spark", "scikit-learn"]  # fmt: skip
COMPANIES = ["Example Corp", "Acme Analytics", "Blue Heron Labs", "Northwind", "Initech", "Globex", "Umbrella Data",
             "Hooli", "Vandelay Industries", "Stark Robotics", "Wayne Logistics", "Tyrell Systems", "Soylent Foods",
             "Cyberdyne", "Massive Dynamic", "Aperture Science", "Oceanic Air", "Wonka Industries"]  # fmt: skip
EVENT_KINDS = ["PyCon {country} {year}", "Django Girls {city}", "Python meetup {city}", "{city} Python user group",
               "PyData {city} {year}", "DjangoCon {country} {year}", "EuroPython {year}", "Sprint: {topic} in {city}",
               "PyLadies {city}: {topic}", "Workshop: {topic}", "Python Web Conference {year}"]  # fmt: skip


def strip_html(text):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text or "")).split())


def sentences_of(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", strip_html(text)) if 40 <= len(s) <= 320]


def corpus():
    """Sentences and post titles from shared/data (Python Insider, stories, events, jobs, pages),
    or generated ones when the folder is missing."""
    sentences, posts = [], []
    feed = DATA / "pythondotorg/apps/blogs/tests/psf_feed_example.xml"
    if feed.exists():
        atom = "{http://www.w3.org/2005/Atom}"
        for entry in ET.parse(feed).getroot().iter(f"{atom}entry"):  # noqa: S314 (shared/data, a known file)
            content = entry.findtext(f"{atom}content") or ""
            posts.append((entry.findtext(f"{atom}title") or "Python Insider", content))
            sentences += sentences_of(content)
    stories = DATA / "pythondotorg/historical/fixtures/successstories.json"
    if stories.exists():
        for record in json.loads(stories.read_text()):
            sentences += sentences_of(record["fields"].get("content", ""))
    jobs = DATA / "pythondotorg/historical/fixtures/jobs.json"
    if jobs.exists():
        for record in json.loads(jobs.read_text()):
            for key in ("description", "requirements"):
                sentences += sentences_of(record["fields"].get(key, ""))
    ics = DATA / "pythondotorg/apps/events/tests/events.ics"
    if ics.exists():
        unfolded = re.sub(r"\r?\n[ \t]", "", ics.read_text())
        for line in unfolded.splitlines():
            if line.startswith("DESCRIPTION:"):
                sentences += sentences_of(line[12:].replace("\\n", " ").replace("\\,", ","))
    for path in (DATA / "pythondotorg/apps/pages/tests/fake_svn_content_checkout").rglob("content.*"):
        sentences += sentences_of(path.read_text())
    rng = random.Random(3)
    while len(sentences) < 200:  # no shared data: lorem with Python terms
        words = rng.sample(TOPICS + TECH + KINDS, 8)
        sentences.append(f"Python {' and '.join(words[:2])} with {', '.join(words[2:])}.")
    return sentences, posts


class Text:
    def __init__(self, seed=13):
        self.rng = random.Random(seed)
        self.sentences, self.posts = corpus()

    def pick(self, items):
        return self.rng.choice(items)

    def paragraph(self, count=4, extra=()):
        parts = self.rng.sample(self.sentences, min(count, len(self.sentences)))
        parts += [self.rng.choice(list(extra))] if extra else []
        self.rng.shuffle(parts)
        return " ".join(parts)

    def about(self):
        topic = self.pick(TOPICS)
        return topic, f"This covers {topic}, with examples in Python and links to the documentation."


# --- The content -----------------------------------------------------------------------


def without_index():
    from django.conf import settings
    from django.test import override_settings

    backends = {name: {**b, "AUTO_UPDATE": False} for name, b in settings.WAGTAILSEARCH_BACKENDS.items()}
    return override_settings(WAGTAILSEARCH_BACKENDS=backends)


def add_pages(parent, pages):
    """Save `pages` as the last children of `parent`, in tree order without add_child's
    per-page lookups (as the downloads demo does); returns them."""
    from django.db.models import F
    from wagtail.models import Page

    last = parent.get_last_child()
    path = last.path if last else None
    for page in pages:
        path = Page(path=path)._inc_path() if path else Page._get_path(parent.path, parent.depth + 1, 1)
        page.path, page.depth = path, parent.depth + 1
        page.save(clean=False)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.refresh_from_db()
    return pages


def when(rng, days_back=3650, days_ahead=0):
    return datetime.now(UTC) - timedelta(days=rng.randint(-days_ahead, days_back), seconds=rng.randint(0, 86400))


def plan(items, releases):
    """How many of each kind make `items` index entries with the releases given."""
    rest = max(items - releases - 25, 0)  # 25: the section and index pages
    share = {"standard": 0.18, "minutes": 0.12, "workgroups": 0.02, "draft pages": 0.01, "stories": 0.065,
             "draft stories": 0.004, "jobs": 0.195, "hidden jobs": 0.02, "events": 0.185, "hidden events": 0.01,
             "news": 0.197, "future news": 0.004}  # fmt: skip
    counts = {key: int(rest * value / sum(share.values())) for key, value in share.items()}
    counts["news"] += rest - sum(counts.values())
    return counts


def build(items):
    """The site's content: ~`items` indexed items over every registered type."""
    from django.utils import timezone
    from django.utils.text import slugify
    from wagtail.models import Page

    from home.pages import HomePage
    from sections.downloads import demo as downloads_demo
    from sections.downloads.factories import DownloadsIndexPageFactory, ReleaseIndexPageFactory, ReleasePageFactory
    from sections.events.factories import CalendarFactory, EventFactory, EventsIndexPageFactory
    from sections.events.models import Event
    from sections.jobs.factories import JobBoardPageFactory, JobCategoryFactory, JobFactory, JobTypeFactory
    from sections.jobs.models import Job
    from sections.news.factories import EntryFactory, FeedFactory, NewsIndexPageFactory
    from sections.pages.factories import SectionPageFactory, StandardPageFactory
    from sections.psf.factories import (
        MinutesIndexPageFactory,
        MinutesPageFactory,
        RecordsPageFactory,
        WorkGroupIndexPageFactory,
        WorkGroupPageFactory,
    )
    from sections.successstories.factories import (
        StoryCategoryFactory,
        StoryPageFactory,
        SuccessStoryIndexPageFactory,
    )

    text = Text()
    rng = text.rng
    releases = downloads_demo.parse_releases((DATA / "python-releases/python-releases.toml").read_text())
    counts = plan(items, len(releases))
    home = HomePage.objects.get(depth=2)
    started = time.perf_counter()

    def rich(paragraphs):
        return [("rich_text", "".join(f"<p>{p}</p>" for p in paragraphs))]

    # Index pages and sections.
    downloads = DownloadsIndexPageFactory(parent=home)
    release_index = ReleaseIndexPageFactory(parent=downloads)
    JobBoardPageFactory(parent=home)
    EventsIndexPageFactory(parent=home)
    news_page = NewsIndexPageFactory(parent=home)
    stories_page = SuccessStoryIndexPageFactory(parent=home)
    names = ["About", "Getting Started", "Guides", "Community", "Python Software Foundation", "Developers",
             "Education", "Packaging", "Security", "Help"]  # fmt: skip
    sections = [
        SectionPageFactory(parent=home, title=name, slug=slugify(name), intro=text.paragraph(2)) for name in names
    ]
    psf = sections[4]
    records = RecordsPageFactory(parent=psf)
    minutes_index = MinutesIndexPageFactory(parent=records)
    groups_index = WorkGroupIndexPageFactory(parent=psf)

    # Releases: python.org's release history, with the notes the demo writes.
    pages = []
    for name, version, major, pre_release, day in releases:
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        kind = (
            ("release candidate" if "rc" in version else "beta" if "b" in version else "alpha") if pre_release else ""
        )
        notes = downloads_demo.release_notes(name, version, pre_release)
        windows = f" Download the Windows installer or the source tarball of {name}." if major >= 3 else ""
        pages.append(
            ReleasePageFactory.build(
                title=name,
                slug=slugify(name),
                version=major,
                pre_release=pre_release,
                release_date=moment,
                content=f"{notes}{windows} {'This is a ' + kind + ' of ' + name + '.' if kind else ''}",
                first_published_at=moment,
                last_published_at=moment,
            )  # fmt: skip
        )
    add_pages(release_index, pages)

    # Pages: standard pages under the sections, board minutes, work groups, some drafts.
    for section in sections:
        share = counts["standard"] // len(sections) + (1 if section is sections[0] else 0) * (
            counts["standard"] % len(sections)
        )
        pages = []
        for n in range(share):
            topic, intro = text.about()
            moment = when(rng)
            pages.append(
                StandardPageFactory.build(
                    title=f"{topic[0].upper()}{topic[1:]} {text.pick(KINDS)} {n}",
                    slug=f"{slugify(topic)}-{n}",
                    intro=intro,
                    body=rich([text.paragraph(4), text.paragraph(3, [f"See also {text.pick(TOPICS)}."])]),
                    first_published_at=moment,
                    last_published_at=moment,
                )  # fmt: skip
            )
        add_pages(section, pages)
    drafts = [
        StandardPageFactory.build(
            title=f"Draft {text.pick(TOPICS)} {n}", slug=f"draft-{n}", live=False, intro=text.paragraph(2)
        )  # fmt: skip
        for n in range(counts["draft pages"])
    ]
    add_pages(sections[0], drafts)
    grants = [f"PyCon {country}" for _city, country in PLACES] + [f"Django Girls {city}" for city, _c in PLACES]
    pages = []
    for n in range(counts["minutes"]):
        day = date(2005, 1, 1) + timedelta(days=6 * n)
        resolutions = "\n".join(
            f"- RESOLVED, that the Python Software Foundation grant ${rng.randint(5, 200) * 100:,} to {text.pick(grants)}."
            for _ in range(rng.randint(2, 6))
        )
        content = (
            f"## Attendees\n\nThe PSF board of directors met on {day:%B %d, %Y}.\n\n## Resolutions\n\n{resolutions}\n\n"
            f"## Discussion\n\n{text.paragraph(3)}"
        )
        moment = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
        pages.append(MinutesPageFactory.build(date=day, content=content, first_published_at=moment))
    add_pages(minutes_index, pages)
    pages = []
    for n in range(counts["workgroups"]):
        topic = text.pick(TOPICS)
        pages.append(
            WorkGroupPageFactory.build(
                title=f"{topic[0].upper()}{topic[1:]} Work Group {n}",
                slug=f"wg-{n}",
                purpose=f"Helps the PSF with {topic}. {text.paragraph(1)}",
                body=text.paragraph(3),
            )  # fmt: skip
        )
    add_pages(groups_index, pages)

    # Success stories.
    categories = [StoryCategoryFactory(name=name, slug=slugify(name)) for name in ("Software Development", "Science",
                                                                                    "Education", "Business")]  # fmt: skip
    pages = []
    for n in range(counts["stories"] + counts["draft stories"]):
        company = f"{text.pick(COMPANIES)} {n}"
        topic = text.pick(TOPICS)
        pages.append(
            StoryPageFactory.build(
                title=f"{company} uses Python for {topic}",
                slug=f"story-{n}",
                company_name=company,
                category=text.pick(categories),
                pull_quote=text.paragraph(1),
                live=n < counts["stories"],
                body=[("markdown", f"{text.paragraph(5)}\n\n## {topic}\n\n{text.paragraph(4)}")],
                first_published_at=when(rng),
            )  # fmt: skip
        )
    add_pages(stories_page, pages)
    print(f"  pages: {Page.objects.count():,} ({time.perf_counter() - started:.0f} s)", flush=True)

    # Jobs: approved ones, and hidden ones (drafts, in review, rejected, expired, past their date).
    job_categories = [
        JobCategoryFactory(name=name, slug=slugify(name)) for name in ("Web", "Data", "Systems", "Teaching")
    ]
    job_types = [JobTypeFactory(name=name, slug=slugify(name)) for name in ("Full time", "Contract", "Remote")]
    today = timezone.localdate()
    for n in range(counts["jobs"] + counts["hidden jobs"]):
        city, country = text.pick(PLACES)
        tech = rng.sample(TECH, 3)
        remote = rng.random() < 0.3
        hidden = n >= counts["jobs"]
        status = text.pick(["draft", "review", "rejected", "expired"]) if hidden and n % 2 else Job.Status.APPROVED
        job = JobFactory(
            approved=True, status=status, title=f"{text.pick(ROLES)}{' (remote)' if remote else ''}",
            company_name=text.pick(COMPANIES), category=text.pick(job_categories), city=city, country=country,
            telecommuting=remote, description=f"We build things with {tech[0]} and {tech[1]}. {text.paragraph(3)}"
            + (" The job is remote: work from anywhere." if remote else ""),
            requirements="\n".join(f"- {t}" for t in tech) + "\n- Python 3",
            expires=today - timedelta(days=3) if hidden and not n % 2 else today + timedelta(days=rng.randint(1, 90)),
        )  # fmt: skip
        job.job_types.set([job_types[2]] if remote else [text.pick(job_types[:2])])
    print(f"  jobs: {Job.objects.count():,} ({time.perf_counter() - started:.0f} s)", flush=True)

    # Events: published ones over two years, and pending submissions.
    calendar = CalendarFactory(name="Python Events", slug="python-events")
    for n in range(counts["events"] + counts["hidden events"]):
        city, country = text.pick(PLACES)
        start = when(rng, days_back=365, days_ahead=365).replace(microsecond=0)
        title = text.pick(EVENT_KINDS).format(city=city, country=country, year=start.year, topic=text.pick(TOPICS))
        live = n < counts["events"]
        EventFactory(
            calendar=calendar, title=title, start=start, end=start + timedelta(hours=rng.choice([2, 8, 48])),
            description=f"<p>{text.paragraph(3)}</p><p>In {city}, {country}.</p>", live=live,
            moderation_status="" if live else Event.Moderation.PENDING,
        )  # fmt: skip
    print(f"  events: {Event.objects.count():,} ({time.perf_counter() - started:.0f} s)", flush=True)

    # News: Python Insider's posts, then generated ones; a few scheduled for the future.
    feed = FeedFactory(name="Python Insider", slug="python-insider", page=news_page)
    versions = [name for name, *_ in releases]
    for n in range(counts["news"] + counts["future news"]):
        if n < len(text.posts):
            title, content = text.posts[n]
        else:
            topic = text.pick(TOPICS)
            title = text.pick([f"{text.pick(versions)} is now available", f"Getting started with {topic}",
                               f"PSF board election {rng.randint(2010, 2026)}", f"Security fix in {topic}",
                               f"PyCon US {rng.randint(2010, 2027)}: call for proposals", f"News about {topic}"])  # fmt: skip
            content = f"<p>{text.paragraph(4)}</p><p>{text.paragraph(3, [f'Read more about {topic}.'])}</p>"
        future = n >= counts["news"]
        pub = timezone.now() + timedelta(days=3) if future else when(rng)
        EntryFactory(feed=feed, title=title[:500], content=content, summary=strip_html(content)[:300], pub_date=pub)
    print(f"  news: {n + 1:,} ({time.perf_counter() - started:.0f} s)", flush=True)


def build_index():
    """`manage.py update_index`, timed; returns (seconds, entries)."""
    from django.core.management import call_command
    from django.db import connection
    from wagtail.search.models import IndexEntry

    started = time.perf_counter()
    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return seconds, IndexEntry.objects.count()


def setup(args, url, name):
    from django.core.management import call_command
    from django.db import connection

    if args.reuse:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [MARKER])
            if cursor.fetchone()[0] is None:
                sys.exit(f"--reuse: {name} is not a database bench/search.py made: refused.")
        return
    print(f"Building {name}: migrate, {args.items:,} items, index", flush=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER} (made timestamptz DEFAULT now())")
    print(f"  migrated ({time.perf_counter() - started:.0f} s)", flush=True)
    with without_index():
        build(args.items)
    seconds, entries = build_index()
    print(f"  update_index: {entries:,} index entries in {seconds:.1f} s", flush=True)


# --- Measures --------------------------------------------------------------------------


def ms(times):
    return statistics.median(times) * 1000, p95(times) * 1000


def p95(times):
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def timed(function, repeat):
    function()  # warm: caches, compiled regexes, the first query log write
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def search_function(q, request):
    """What the /search/ view runs for a first page of every type (search/views.py), without
    the template, the editors' picks and the query log."""
    from pydotorg.core import search as site_search

    query = site_search.parse_query(q)
    types = site_search.search_types()
    selected = {t.key for t in types}
    counts, hits = site_search.count_and_rank(query, types, selected=selected, limit=site_search.PER_PAGE)
    if not sum(counts.values()) and len(query.terms) > 1:
        counts, hits = site_search.count_and_rank(
            query, types, selected=selected, limit=site_search.PER_PAGE, operator="or"
        )
    shown = site_search.load(hits[: site_search.PER_PAGE])
    return counts, site_search.results(shown, query.terms, request)


def autocomplete_key(text):
    from pydotorg.core import search as site_search

    query = site_search.parse_query(text)
    return "search:autocomplete:" + hashlib.sha256(query.searched.lower().encode()).hexdigest()


def measure(repeat):
    from django.core.cache import cache
    from django.test import Client, RequestFactory

    from pydotorg.core import search as site_search

    client, request = Client(), RequestFactory().get("/search/")
    visitors = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))

    def suggest(typed):  # each call from another address: the rate limit (120 a minute) never refuses
        return client.get("/search/autocomplete/", {"q": typed}, REMOTE_ADDR=next(visitors))

    rows = []
    for q, typed in zip(QUERIES, TYPED, strict=True):
        counts, shown = search_function(q, request)
        assert client.get("/search/", {"q": q}).status_code == 200
        function = timed(lambda q=q: search_function(q, request), repeat)
        page = timed(lambda q=q: client.get("/search/", {"q": q}), repeat)
        key = autocomplete_key(typed)

        def cold(typed=typed, key=key):
            cache.delete(key)
            response = suggest(typed)
            assert response.status_code == 200, response.status_code

        function_ac = timed(lambda typed=typed: site_search.autocomplete(typed, request), repeat)
        endpoint = timed(cold, repeat)
        warm = timed(lambda typed=typed: suggest(typed), repeat)
        found = len(suggest(typed).json())
        rows.append((q, sum(counts.values()), len(shown), function, page, typed, found, function_ac, endpoint, warm))
        print(".", end="", flush=True)
    print()
    return rows


def query_counts():
    """SQL queries of a search request with pages of 10 and 50 results (page 1 and page 2),
    with what the page shows: the types, and the page types of the catch-all "pages" type."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

    from pydotorg.core import search as site_search

    client = Client()
    rows = []
    default = site_search.PER_PAGE
    cases = [("python", ""), ("psf board", ""), ("django", ""), ("3.13", ""), ("python", "pages"), ("django", "jobs")]
    setup_test_environment()  # the test client's response.context
    try:
        for q, type_key in cases:
            cells = []
            for per_page in (10, 50):
                site_search.PER_PAGE = per_page
                for page in ("", "2"):
                    params = {"q": q, **({"type": type_key} if type_key else {}), **({"page": page} if page else {})}
                    client.get("/search/", params)  # warm: the query log's first write, caches
                    with CaptureQueriesContext(connection) as captured:
                        response = client.get("/search/", params)
                    assert response.status_code == 200
                    if response.context["number"] != int(page or 1):  # no page 2: page 1 with a note
                        cells.append(None)
                        continue
                    results = response.context["results"]
                    kinds = {r.type for r in results}
                    page_types = {r.object.content_type_id for r in results if r.type.catch_all}
                    cells.append((len(captured), len(results), kinds, page_types))
            rows.append((q + (f" ({type_key})" if type_key else ""), cells))
    finally:
        site_search.PER_PAGE = default
        teardown_test_environment()
    return rows


def shown_cost(kinds, page_types):
    """The queries that depend on what a page shows, not on how many: one load per type shown
    (and its `base` lookup, jobs' and events' index page), one `specific()` per page type."""
    from pydotorg.core.search import SearchType

    default_base = SearchType.__dataclass_fields__["base"].default
    return sum(1 + (t.base is not default_base) for t in kinds) + len(page_types)


def explain(q):
    """EXPLAIN ANALYZE of the queries a search for `q` runs (the count and the ranking of the
    pages type, the biggest)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pydotorg.core import search as site_search

    query = site_search.parse_query(q)
    types = site_search.search_types()
    with CaptureQueriesContext(connection) as captured:
        site_search.count_and_rank(query, types, selected={t.key for t in types}, limit=site_search.PER_PAGE)
    print(f"\nEXPLAIN ANALYZE of the search for {q!r} ({len(captured)} queries):")
    slow = []
    for item in captured.captured_queries:
        sql = item["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
        total = float(re.search(r"Execution Time: ([\d.]+)", plan[-1])[1])
        slow.append((total, sql, plan))
    for total, sql, plan in sorted(slow, key=lambda s: s[0], reverse=True)[:2]:
        print(f"\n-- {total:.1f} ms: {sql[:400]}…")
        print("\n".join(plan))


def report(rows, counts, repeat):
    print(f"\nSearch: {len(rows)} queries, {repeat} runs each; times in ms (median / p95)")
    header = f"{'query':20} {'results':>7} | {'search function':>17} | {'GET /search/':>17} || "
    header += f"{'typed':11} {'sugg':>4} | {'autocomplete fn':>17} | {'endpoint, cold':>17} | {'endpoint, cached':>17}"
    print(header)
    print("-" * len(header))
    for q, total, _shown, function, page, typed, found, suggest, endpoint, warm in rows:
        cells = [f"{a:7.1f} / {b:7.1f}" for a, b in map(ms, (function, page))]
        auto = [f"{a:7.1f} / {b:7.1f}" for a, b in map(ms, (suggest, endpoint, warm))]
        print(f"{q:20} {total:7,} | {cells[0]} | {cells[1]} || {typed:11} {found:4} | " + " | ".join(auto))
    every = [[t for row in rows for t in row[i]] for i in (3, 4, 7, 8, 9)]
    print("-" * len(header))
    medians = [f"{a:7.1f} / {b:7.1f}" for a, b in map(ms, every)]
    print(f"{'all queries':28} | {medians[0]} | {medians[1]} || {'':16} | " + " | ".join(medians[2:]))

    print("\nSQL queries per search request (warm; page 1 logs the query, page 2 does not):")
    print(f"{'query':22} | {'10 a page: p1  p2':>17} | {'50 a page: p1  p2':>17} | shown (results/types/page types)")
    constant = True
    for label, cells in counts:
        shown = ", ".join(f"{c[1]}/{len(c[2])}/{len(c[3])}" if c else "-" for c in cells)
        numbers = [f"{c[0] if c else '-':>3}" for c in cells]
        print(f"{label:22} | {numbers[0]:>13} {numbers[1]} | {numbers[2]:>13} {numbers[3]} | {shown}")
        a1, a2, b1, b2 = cells
        for x, y in ((a1, b1), (a2, b2)):
            if x and y and x[0] - shown_cost(x[2], x[3]) != y[0] - shown_cost(y[2], y[3]):
                constant = False
    print(
        "Constant in the number of results shown, less the queries of what is shown (a load per type, the jobs' "
        "and events' index page, a specific() per page type): " + ("yes" if constant else "NO")
    )


def main():
    args = parse_args()
    url, name = database_url()
    create_database(url, name, args.reuse)
    import django

    django.setup()
    logging.disable(logging.INFO)  # the page creations' and tasks' log lines: only the figures
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
    from django.db import connection

    keep = args.keep or args.reuse
    try:
        setup(args, url, name)
        from django.db.models import Count
        from wagtail.search.models import IndexEntry

        with connection.cursor() as cursor:
            cursor.execute(INDEX_SQL if args.index else f"DROP INDEX IF EXISTS {INDEX}")
            cursor.execute("VACUUM ANALYZE wagtailsearch_indexentry")
            cursor.execute("SELECT version()")
            version = cursor.fetchone()[0].split(" on ")[0]
        entries = IndexEntry.objects.count()
        by_type = IndexEntry.objects.values_list("content_type__model").annotate(n=Count("pk")).order_by("-n")
        print(f"\nDatabase: {version}, {entries:,} index entries: " + ", ".join(f"{m} {n:,}" for m, n in by_type))
        print(f"With the proposed index ({INDEX_SQL})" if args.index else "Without the proposed index (--index)")
        rows = measure(args.repeat)
        counts = query_counts()
        report(rows, counts, args.repeat)
        if args.explain:
            explain("psf board")
    finally:
        if keep:
            print(f"\nKept the database {name} (measure again: --reuse; drop it: dropdb {name}).")
        else:
            drop_database(url, name)
            print(f"\nDropped the database {name}.")


if __name__ == "__main__":
    main()
