"""A factory for every model of the membership app."""

import factory
from django.contrib.auth import get_user_model

from .models import Membership


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]


class MembershipFactory(factory.django.DjangoModelFactory):
    creator = factory.SubFactory(UserFactory)
    membership_type = Membership.Type.BASIC
    legal_name = factory.Sequence(lambda n: f"Member Number {n}")
    preferred_name = factory.Sequence(lambda n: f"Member {n}")
    address = "1 Main Street"
    city = "Wilmington"
    region = "DE"
    postal_code = "19801"
    country = "US"
    psf_code_of_conduct = True

    class Meta:
        model = Membership
