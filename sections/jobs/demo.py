"""Demo content of the job board (called by `manage.py load_demo_content`): the board page at
/jobs/, python.org's job types and categories (fixtures/jobs.json) and more, python.org's two
sample jobs and a few dozen more in every status. Matched by slug and by (title, company):
a second run changes nothing."""

import json
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from pydotorg.core.demo import ensure_index_page

from .models import Job, JobCategory, JobEvent, JobType
from .pages import JobBoardPage

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "jobs.json"
SUBMITTER = "demo-recruiter"
INTRO = "The Python Job Board: Python jobs from around the world, reviewed by volunteers."
JOB_FIELDS = ["title", "company_name", "city", "region", "country", "description", "requirements", "contact"]
JOB_FIELDS += ["email", "url", "telecommuting", "agencies", "is_featured"]

MORE_TYPES = ["Data Science", "Machine Learning", "DevOps", "Testing / QA", "Systems Administration", "Teaching"]
MORE_CATEGORIES = ["Software Development", "Scientific Computing", "Education", "Finance", "Web Development"]
COMPANIES = [
    ("Astral Analytics", "Amsterdam", "", "Netherlands"),
    ("Blue Heron Labs", "Austin", "TX", "USA"),
    ("Cobalt Bank", "London", "", "United Kingdom"),
    ("Dune Robotics", "Munich", "Bavaria", "Germany"),
    ("Evergreen University", "Vancouver", "BC", "Canada"),
    ("Fjord Energy", "Oslo", "", "Norway"),
    ("Gecko Health", "Bengaluru", "Karnataka", "India"),
    ("Harbor Games", "Montréal", "QC", "Canada"),
    ("Ibis Climate", "Nairobi", "", "Kenya"),
    ("Juniper Open Data", "São Paulo", "SP", "Brazil"),
]
TITLES = [
    "Senior Python Developer",
    "Backend Engineer (Django)",
    "Data Engineer",
    "Machine Learning Engineer",
    "Site Reliability Engineer",
    "Python Instructor",
    "Scientific Software Developer",
    "QA Automation Engineer",
]
# Every status, approved most often (the public board needs content).
STATUSES = ["approved"] * 14 + ["draft"] * 3 + ["review"] * 5 + ["rejected"] * 3 + ["expired"] * 3
STATUSES += ["archived"] * 2 + ["removed"] * 2

DESCRIPTION = """{company} is hiring a **{title}** to join a small team that ships Python every day.

You will:

- design and build services in Python 3,
- review code and mentor colleagues,
- keep our test suite fast and our deployments boring.

We offer flexible hours, a learning budget and time for open source."""
REQUIREMENTS = """- Several years of professional Python experience
- Comfortable with SQL, Git and code review
- Clear written English"""


def ensure_board(command):
    """The board page at /jobs/ (wherever an editor moved it), else a new one there."""
    board = JobBoardPage.objects.first()
    if board is not None:
        command.tally("pages", "present")
        return board
    return ensure_index_page(command, JobBoardPage, "jobs", "Jobs", intro=INTRO)


def ensure_named(model, name, slug, kind, command):
    _obj, created = model.objects.get_or_create(slug=slug, defaults={"name": name})
    command.tally(kind, "created" if created else "present")


def job_records(fixture):
    """python.org's two jobs, then the generated ones."""
    types = {r["pk"]: r["fields"]["slug"] for r in fixture if r["model"] == "jobs.jobtype"}
    categories = {r["pk"]: r["fields"]["slug"] for r in fixture if r["model"] == "jobs.jobcategory"}
    companies = {1: "Project Evolution", 2: "Revolution Systems"}
    for record in fixture:
        if record["model"] != "jobs.job":
            continue
        fields = record["fields"]
        yield {
            "title": "Python Web Developer" if record["pk"] == 1 else "Senior Django Developer",
            "company_name": companies.get(fields["company"], "Example"),
            "city": fields["city"],
            "region": fields["region"],
            "country": fields["country"],
            "description": fields["description"],
            "requirements": fields["requirements"],
            "contact": fields["contact"],
            "email": fields["email"],
            "url": fields["url"],
            "telecommuting": fields["telecommuting"],
            "agencies": fields["agencies"],
            "category": categories[fields["category"]],
            "types": [types[pk] for pk in fields["job_types"]],
            "status": "approved",
        }
    type_slugs = sorted(types.values()) + [slugify(name) for name in MORE_TYPES]
    category_slugs = sorted(categories.values()) + [slugify(name) for name in MORE_CATEGORIES]
    for number, status in enumerate(STATUSES):
        company, city, region, country = COMPANIES[number % len(COMPANIES)]
        title = TITLES[number % len(TITLES)]
        yield {
            "title": title,
            "company_name": company,
            "city": city,
            "region": region,
            "country": country,
            "description": DESCRIPTION.format(company=company, title=title),
            "requirements": REQUIREMENTS,
            "contact": "Hiring team",
            "email": f"jobs@{slugify(company)}.example",
            "url": f"https://{slugify(company)}.example/careers/",
            "telecommuting": number % 3 == 0,
            "agencies": number % 2 == 0,
            "category": category_slugs[number % len(category_slugs)],
            "types": [type_slugs[number % len(type_slugs)], type_slugs[(number + 4) % len(type_slugs)]],
            "status": status,
            "is_featured": number < 2,
            "age": number,
        }


def dates_for(status, age):
    """Plausible dates for a job of this status (relative to today)."""
    now, today = timezone.now(), timezone.localdate()
    if status == "approved":
        return {"approved_at": now - timedelta(days=age), "expires": today + timedelta(days=90 - age)}
    if status == "expired":
        return {"approved_at": now - timedelta(days=95 + age), "expires": today - timedelta(days=5 + age)}
    if status == "archived":
        return {"approved_at": now - timedelta(days=150 + age), "expires": today - timedelta(days=60 + age)}
    if status == "removed":
        return {"approved_at": now - timedelta(days=20 + age), "expires": today + timedelta(days=70)}
    return {}


def ensure_job(record, submitter, command):
    if Job.objects.filter(title=record["title"], company_name=record["company_name"], city=record["city"]).exists():
        command.tally("jobs", "present")
        return
    status, age = record["status"], record.get("age", 0)
    job = Job(
        **{key: record[key] for key in JOB_FIELDS if key in record},
        category=JobCategory.objects.get(slug=record["category"]),
        status=status,
        submitted_by=submitter,
        submitted_at=None if status == "draft" else timezone.now() - timedelta(days=age + 1),
        **dates_for(status, age),
    )
    job.save()
    job.job_types.set(JobType.objects.filter(slug__in=record["types"]))
    revision = job.save_revision(user=submitter, clean=False)
    if status == "approved":
        revision.publish(skip_permission_checks=True)
    if status == "rejected":
        JobEvent.objects.create(
            job=job, action="reject", from_status="review", to_status="rejected", comment="Please add the salary range."
        )
    command.tally("jobs", "created")


def load_demo(command):
    ensure_board(command)
    fixture = json.loads(FIXTURE.read_text())
    for record in fixture:
        if record["model"] == "jobs.jobtype":
            ensure_named(JobType, record["fields"]["name"], record["fields"]["slug"], "job types", command)
        elif record["model"] == "jobs.jobcategory":
            ensure_named(JobCategory, record["fields"]["name"], record["fields"]["slug"], "job categories", command)
    for name in MORE_TYPES:
        ensure_named(JobType, name, slugify(name), "job types", command)
    for name in MORE_CATEGORIES:
        ensure_named(JobCategory, name, slugify(name), "job categories", command)
    submitter, created = get_user_model().objects.get_or_create(
        username=SUBMITTER, defaults={"email": "recruiter@example.com"}
    )
    if created:
        submitter.set_unusable_password()
        submitter.save()
    for record in command.progress(list(job_records(fixture)), "jobs"):
        ensure_job(record, submitter, command)
