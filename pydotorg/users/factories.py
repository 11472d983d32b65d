"""A factory for site users."""

import factory
from allauth.account.models import EmailAddress

from .models import User


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can sign in with the password "password" (or the `password` given, hashed
    either way). `verified=True` (or False) also records the address with allauth, confirmed
    (or not): allauth refuses to sign in a user without a confirmed address."""

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username.lower()}@example.com")
    password = factory.django.Password("password")

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not None:
            EmailAddress.objects.create(user=self, email=self.email.lower(), primary=True, verified=bool(extracted))
