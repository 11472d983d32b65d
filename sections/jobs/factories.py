"""A factory for every model and page type of the job board."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from .models import Job, JobCategory, JobEvent, JobType
from .pages import JobBoardPage


class JobBoardPageFactory(wagtail_factories.PageFactory):
    title = "Jobs"
    slug = "jobs"
    intro = "Python jobs from around the world."

    class Meta:
        model = JobBoardPage


class JobTypeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Type {n}")
    slug = factory.Sequence(lambda n: f"type-{n}")

    class Meta:
        model = JobType


class JobCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = JobCategory


class JobFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Python developer {n}")
    company_name = "Example Corp"
    category = factory.SubFactory(JobCategoryFactory)
    city = "Berlin"
    country = "Germany"
    description = "We build *things* in Python."
    requirements = "- Python\n- Django"
    contact = "Ada Lovelace"
    email = "jobs@example.com"
    url = "https://example.com/jobs/"
    status = Job.Status.DRAFT

    class Meta:
        model = Job
        skip_postgeneration_save = True

    @factory.post_generation
    def job_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.job_types.set(extracted)

    class Params:
        approved = factory.Trait(
            status=Job.Status.APPROVED,
            live=True,
            approved_at=factory.LazyFunction(timezone.now),
            expires=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90)),
        )


class JobEventFactory(factory.django.DjangoModelFactory):
    """A comment in a job's thread by default; pass action/from_status/to_status for a step."""

    job = factory.SubFactory(JobFactory)
    actor = factory.LazyAttribute(lambda event: event.job.submitted_by)
    action = "comment"
    from_status = factory.LazyAttribute(lambda event: event.job.status)
    to_status = factory.LazyAttribute(lambda event: event.job.status)
    comment = "Is the position remote?"

    class Meta:
        model = JobEvent
