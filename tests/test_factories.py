"""Every page type and snippet of the project has a factory in its app's `factories` module,
and each of those factories builds an instance that is saved in the database."""

from importlib import import_module
from importlib.util import find_spec

import factory
import pytest
from django.apps import apps
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

from pydotorg.users.factories import UserFactory

PROJECT_PACKAGES = ("pydotorg.", "sections.", "home.", "search.")


def is_project_module(name):
    return f"{name}.".startswith(PROJECT_PACKAGES)


def project_factories():
    """{model: factory} from the `factories` module of every project app."""
    found = {}
    for app_config in apps.get_app_configs():
        if not is_project_module(app_config.name) or find_spec(f"{app_config.name}.factories") is None:
            continue
        module = import_module(f"{app_config.name}.factories")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory):
                model = value._meta.model
                if model is not None and not isinstance(model, str):
                    found.setdefault(model, value)
    return found


FACTORIES = project_factories()
PAGE_MODELS = [model for model in get_page_models() if model is not Page and is_project_module(model.__module__)]
SNIPPET_MODELS = [model for model in get_snippet_models() if is_project_module(model.__module__)]
MODELS = sorted(set(PAGE_MODELS) | set(SNIPPET_MODELS), key=lambda model: model._meta.label)

# Arguments a factory cannot do without, by model label (the page factories' parent aside).
EXTRA_ARGUMENTS = {}


def label(model):
    return model._meta.label


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_every_page_and_snippet_model_has_a_factory(model):
    assert model in FACTORIES, f"{label(model)} has no factory (its app's factories.py has none with Meta.model)"


def parent_for(model, home_page):
    """A page under which `model` may be created: the home page, the tree's root, or a page
    of an allowed parent type (the first one there is, else one made by its factory)."""
    allowed = model.allowed_parent_page_models()
    if home_page.specific_class in allowed:
        return home_page
    if Page in allowed:
        return Page.get_first_root_node()
    for parent_model in allowed:
        existing = parent_model.objects.first()
        if existing is not None:
            return existing
    for parent_model in allowed:
        if parent_model in FACTORIES:
            return FACTORIES[parent_model](parent=parent_for(parent_model, home_page))
    raise AssertionError(f"no parent page for {label(model)}: {[label(m) for m in allowed]} have no factory")


@pytest.mark.django_db
@pytest.mark.parametrize("model", [model for model in MODELS if model in FACTORIES], ids=label)
def test_factory_saves_an_instance(model, home_page):
    arguments = dict(EXTRA_ARGUMENTS.get(label(model), {}))
    if model in PAGE_MODELS:
        arguments["parent"] = parent = parent_for(model, home_page)
    instance = FACTORIES[model](**arguments)
    assert isinstance(instance, model)
    assert instance.pk is not None and model.objects.filter(pk=instance.pk).exists()
    if model in PAGE_MODELS:
        assert instance.get_parent().pk == parent.pk


@pytest.mark.django_db
def test_user_factory_gives_a_user_who_can_sign_in(client):
    user = UserFactory(verified=True)
    assert user.has_usable_password() and user.check_password("password")
    response = client.post("/accounts/login/", {"login": user.username, "password": "password"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    other = UserFactory(password="another-horse-battery-staple")
    assert other.check_password("another-horse-battery-staple")
