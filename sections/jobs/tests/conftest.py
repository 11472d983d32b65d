import pytest
from django.contrib.auth.models import Group

from sections.jobs.factories import JobBoardPageFactory, JobCategoryFactory, JobFactory, JobTypeFactory
from sections.jobs.models import Job


@pytest.fixture
def board(home_page, site):
    return JobBoardPageFactory(parent=home_page)


@pytest.fixture
def make_user(django_user_model):
    def make(username, groups=(), **extra):
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "password", **extra)
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def users(db, make_user):
    """One user per role the issue names. `owner` submits the jobs of the tests."""
    return {
        "anonymous": None,
        "user": make_user("user"),
        "owner": make_user("owner"),
        "moderator": make_user("moderator", groups=["Job board moderators"]),
        "editor": make_user("editor", groups=["Editors"]),
        "staff": make_user("staff", is_staff=True),
        "superuser": make_user("root", is_staff=True, is_superuser=True),
    }


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
