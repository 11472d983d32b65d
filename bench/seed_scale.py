"""Add a scaled data set to a database that has the demo content (for bench/pages.py
--scale, which runs this on a copy of the demo database; not a test):

    DATABASE_URL=postgres://.../pydotorg_bench_scale APP_ENV=dev .venv/bin/python bench/seed_scale.py

3,000 more releases (pages under the release index, old series: "Python 2.5.1017"), 30,000
release files, 5,000 approved jobs and 10,000 published events with their occurrences, all
written in bulk (minutes, not hours: no revisions, no search index entries). The pages
under test must then cost what they cost on the demo: the same queries, about the same time."""

import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pydotorg.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page  # noqa: E402

RELEASES, FILES_PER_RELEASE, JOBS, EVENTS = 3000, 10, 5000, 10000
BATCH = 1000


def releases():
    from sections.downloads.models import OperatingSystem
    from sections.downloads.pages import ReleaseFile, ReleaseIndexPage, ReleasePage

    index = ReleaseIndexPage.objects.get()
    content_type = ContentType.objects.get_for_model(ReleasePage)
    step = index.numchild
    now = timezone.now()
    oses = list(OperatingSystem.objects.order_by("pk"))
    table = ReleasePage._meta.db_table
    made = 0
    for start in range(0, RELEASES, BATCH):
        pages = []
        for n in range(start, min(start + BATCH, RELEASES)):
            step += 1
            name = f"Python 2.{n % 4 + 4}.{1000 + n}"  # old series: the newest releases stay the demo's
            pages.append(
                Page(
                    title=name, slug=f"python-scale-{n}", draft_title=name, content_type=content_type,
                    path=ReleasePage._get_path(index.path, index.depth + 1, step), depth=index.depth + 1,
                    numchild=0, live=True, first_published_at=now, last_published_at=now,
                    url_path=f"{index.url_path}python-scale-{n}/", locale_id=index.locale_id,
                )
            )  # fmt: skip
        pages = Page.objects.bulk_create(pages)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (page_ptr_id"  # noqa: S608 (the model's own table name)
                f", version, is_latest, pre_release, show_on_download_page,"
                " release_date, release_notes_url, content, created, updated)"
                " VALUES (%s, 2, false, false, true, %s, '', '', %s, %s)",
                [(page.pk, now - timedelta(days=4000 + i), now, now) for i, page in enumerate(pages, start)],
            )
        files = [
            ReleaseFile(
                release_id=page.pk, os=oses[k % len(oses)], name=f"File {k} of {page.title}",
                slug=f"scale-{page.pk}-{k}", url=f"https://www.python.org/ftp/python/scale/{page.pk}/{k}.tgz",
                filesize=1000 + k, sha256_sum="0" * 64, sort_order=k,
            )
            for page in pages
            for k in range(FILES_PER_RELEASE)
        ]  # fmt: skip
        ReleaseFile.objects.bulk_create(files, batch_size=BATCH)
        made += len(pages)
    Page.objects.filter(pk=index.pk).update(numchild=step)
    return made


def jobs():
    from sections.jobs.factories import JobFactory
    from sections.jobs.models import Job, JobCategory, JobType

    category = JobCategory.objects.order_by("pk").first()
    job_type = JobType.objects.order_by("pk").first()
    built = []
    for n in range(JOBS):
        job = JobFactory.build(approved=True, category=category, title=f"Scaled Python job {n}")
        job.location_slug = "berlin-germany"
        built.append(job)
    made = Job.objects.bulk_create(built, batch_size=BATCH)
    if job_type:
        links = [Job.job_types.through(job_id=job.pk, jobtype_id=job_type.pk) for job in made]
        Job.job_types.through.objects.bulk_create(links, batch_size=BATCH)
    return len(made)


def events():
    from sections.events.models import Calendar, Event, EventOccurrence

    calendar = Calendar.objects.order_by("pk").first()
    now = timezone.now().replace(microsecond=0)
    built = [
        Event(calendar=calendar, title=f"Scaled Python meetup {n}", description="<p>A meetup.</p>", live=True,
              start=now + timedelta(hours=6 * n - 20000), end=now + timedelta(hours=6 * n - 19998))
        for n in range(EVENTS)
    ]  # fmt: skip
    made = Event.objects.bulk_create(built, batch_size=BATCH)
    occurrences = [EventOccurrence(event=event, start=event.start, end=event.end) for event in made]
    EventOccurrence.objects.bulk_create(occurrences, batch_size=BATCH)
    return len(made)


def main():
    with transaction.atomic():
        counts = {"releases": releases(), "jobs": jobs(), "events": events()}
    from django.core.cache import cache

    cache.clear() if not hasattr(cache, "delete_pattern") else cache.delete_pattern("*")
    print(f"added {counts} ({counts['releases'] * FILES_PER_RELEASE} release files)")


if __name__ == "__main__":
    main()
