import pytest

from sections.jobs.factories import JobBoardPageFactory, JobCategoryFactory, JobFactory, JobTypeFactory
from sections.jobs.models import Job


@pytest.fixture
def board(home_page, site):
    return JobBoardPageFactory(parent=home_page)


@pytest.fixture
def users(users, make_user):
    """The root conftest's roles (`owner` submits the jobs of the tests) and the job board's
    moderator (the group "Job board moderators", made by migration 0002)."""
    return {**users, "moderator": make_user("moderator", groups=["Job board moderators"])}


@pytest.fixture
def owner(users):
    return users["owner"]


@pytest.fixture
def moderator(users):
    return users["moderator"]


@pytest.fixture
def category(db):
    return JobCategoryFactory(name="Software Engineer", slug="software-engineer")


@pytest.fixture
def job_type(db):
    return JobTypeFactory(name="Back-end Developer", slug="back-end-developer")


@pytest.fixture
def make_job(board, owner, category, job_type):
    def make(status=Job.Status.DRAFT, **fields):
        traits = {"approved": True} if status == Job.Status.APPROVED else {"status": status}
        fields = {"submitted_by": owner, "category": category, "job_types": [job_type], **traits, **fields}
        return JobFactory(**fields)

    return make


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client
