"""The JobPosting JSON-LD of a job page: employmentType holds schema.org's values only (our job
types mapped onto them), and the URL is on the host the page is served from."""

import json
import re

import pytest
from django.utils.text import slugify

from sections.jobs.demo import FIXTURE, MORE_TYPES
from sections.jobs.factories import JobTypeFactory
from sections.jobs.views import employment_types

SCHEMA_ORG_TYPES = {"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"}


def posting(client, job, host="testserver"):
    content = client.get(f"/jobs/{job.pk}/", HTTP_HOST=host).content.decode()
    (raw,) = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S)
    return json.loads(raw)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Full-time"], ["FULL_TIME"]),
        (["Part time"], ["PART_TIME"]),
        (["Contract"], ["CONTRACTOR"]),
        (["Freelance"], ["CONTRACTOR"]),
        (["Temporary"], ["TEMPORARY"]),
        (["Internship"], ["INTERN"]),
        (["Volunteer"], ["VOLUNTEER"]),
        (["Per diem"], ["PER_DIEM"]),
        # python.org's own types are roles: none is an employment type.
        (["Software Engineer", "Django Developer", "back-end Developer"], ["OTHER"]),
        # A word inside another is no match: "international" is no internship, "template" no temp.
        (["International Sales Engineer", "Template designer"], ["OTHER"]),
        (["Contract", "Part-time", "Data Science"], ["PART_TIME", "CONTRACTOR", "OTHER"]),
    ],
)
def test_job_types_map_onto_schema_org_employment_types(db, names, expected):
    types = [JobTypeFactory(name=name, slug=slugify(name)) for name in names]
    assert employment_types(types) == expected


def test_job_page_employment_type_and_url(client, make_job):
    contract = JobTypeFactory(name="Contract", slug="contract")
    role = JobTypeFactory(name="Software Engineer", slug="software-engineer-role")
    job = make_job("approved", job_types=[contract, role])
    data = posting(client, job, host="example.test:8100")
    assert data["employmentType"] == ["CONTRACTOR", "OTHER"]
    assert set(data["employmentType"]) <= SCHEMA_ORG_TYPES
    assert data["url"] == f"http://example.test:8100/jobs/{job.pk}/"


def test_every_demo_job_type_gives_schema_org_values(client, make_job):
    """Whatever job types exist (python.org's fixture, the demo's extra ones), only schema.org's
    values come out."""
    fixture = [r["fields"] for r in json.loads(FIXTURE.read_text()) if r["model"] == "jobs.jobtype"]
    names = [f["name"] for f in fixture] + MORE_TYPES
    types = [JobTypeFactory(name=name, slug=f"demo-{slugify(name)}") for name in names]
    job = make_job("approved", job_types=types)
    values = posting(client, job)["employmentType"]
    assert values and set(values) <= SCHEMA_ORG_TYPES
