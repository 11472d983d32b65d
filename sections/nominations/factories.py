from datetime import timedelta

import factory
from django.utils import timezone

from .models import Election, ElectionKind, Nomination, Nominee


class ElectionKindFactory(factory.django.DjangoModelFactory):
    name = "PSF Board"
    slug = factory.Sequence(lambda n: f"kind-{n}")
    accent_colour = "#3776ab"

    class Meta:
        model = ElectionKind


class ElectionFactory(factory.django.DjangoModelFactory):
    """Open by default; `open=False` puts the window in the past."""

    name = factory.Sequence(lambda n: f"Election {n}")
    slug = factory.Sequence(lambda n: f"election-{n}")
    kind = factory.SubFactory(ElectionKindFactory)
    nominations_open_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    nominations_close_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    date = factory.LazyAttribute(lambda e: (e.nominations_close_at + timedelta(days=14)).date())
    description = "Vote for the **Board**."

    class Meta:
        model = Election

    class Params:
        closed = factory.Trait(
            nominations_open_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60)),
            nominations_close_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=30)),
        )


class NomineeFactory(factory.django.DjangoModelFactory):
    election = factory.SubFactory(ElectionFactory)
    name = factory.Sequence(lambda n: f"Nominee {n}")
    email = factory.LazyAttribute(lambda n: f"{n.name.lower().replace(' ', '')}@example.com")
    slug = factory.Sequence(lambda n: f"nominee-{n}")

    class Meta:
        model = Nominee


class NominationFactory(factory.django.DjangoModelFactory):
    election = factory.SubFactory(ElectionFactory)
    nominee = factory.LazyAttribute(lambda n: Nominee.for_email(n.election, n.name, n.email))
    name = factory.Sequence(lambda n: f"Candidate {n}")
    email = factory.LazyAttribute(lambda n: f"{n.name.lower().replace(' ', '')}@example.com")
    nomination_statement = "A **great** contributor."
    code_of_conduct_ack = True
    eligibility_ack = True

    class Meta:
        model = Nomination
