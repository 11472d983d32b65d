"""Factories of the API's credentials: `ApiKeyFactory(user=user, key="...")`."""

import factory

from .models import ApiKey, ApiToken


class ApiKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiKey


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken
