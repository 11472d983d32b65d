"""The API fuzzed against its own OpenAPI description (/api/docs) with schemathesis: every
operation, with data the description allows (positive) and data it forbids (negative), as
anonymous, as a release manager and as a holder of every permission, with both credentials
(v1 `ApiKey`, v2 `Token`). No request may end in a server error, and every answer the
description documents must match it (v1 lists are `{meta, objects}`, foreign keys the URIs
the API gives, nullable fields nullable). Bounded: `EXAMPLES` requests per operation
and identity, each within a deadline; a deterministic run of about 1,200 requests
(20-50 s on a busy 2-core machine)."""

from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, configuration, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from pydotorg.api.factories import ApiKeyFactory, ApiTokenFactory
from sections.downloads.factories import (
    DownloadsIndexPageFactory,
    ReleaseFileFactory,
    ReleaseIndexPageFactory,
    ReleasePageFactory,
)
from sections.downloads.services import grant_release_managers

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXAMPLES = 8  # per operation and identity, of both generation modes
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(autouse=True)
def _hypothesis_home(tmp_path):
    """Hypothesis keeps its caches in this test's folder, not in .hypothesis/ of the tree."""
    configuration.set_hypothesis_home_dir(tmp_path / "hypothesis")
    yield
    configuration.set_hypothesis_home_dir(None)


@pytest.fixture
def app():
    """The site's WSGI application, kept on this test's database transaction, as Django's
    test client does (no connection closing at the start and end of a request)."""
    from pydotorg.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def objects(home_page, make_user):
    """What the detail routes can find: a live and a draft release, files, the pages; and the
    credentials of each identity."""
    index = ReleaseIndexPageFactory(parent=DownloadsIndexPageFactory(parent=home_page))
    grant_release_managers(index)
    live = ReleasePageFactory(parent=index, title="Python 3.14.0")
    draft = ReleasePageFactory(parent=index, title="Python 3.15.0a1", live=False)
    files = [ReleaseFileFactory(release=live), ReleaseFileFactory(release=draft)]
    identities = {"anonymous": None}
    for role, user in [
        ("release_manager", make_user("release_manager", groups=["Release managers"], is_staff=True)),
        ("superuser", make_user("root", is_staff=True, is_superuser=True)),
    ]:
        key, token = ApiKeyFactory(user=user).key, ApiTokenFactory(user=user).key
        identities[role] = {"v1": f"ApiKey {user.username}:{key}", "v2": f"Token {token}"}
    pks = {"os": [3, 1], "release": [live.pk, draft.pk], "release_file": [f.pk for f in files], "page": [home_page.pk]}
    return identities, pks


def strategy(operation, pks):
    """Cases of both modes; on a detail route, half of them on objects that exist."""
    resource = operation.path.rstrip("/").split("/")[-2] if "{id}" in operation.path else None
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(generation_mode=mode))
        if resource in pks:
            strategies += [
                operation.as_strategy(generation_mode=mode, path_parameters={"id": pk}) for pk in pks[resource]
            ]
    return st.one_of(strategies)


def fuzz(operation, pks, headers):
    """Run `EXAMPLES` cases of `operation` with these headers; the status codes they got."""
    statuses = set()

    @given(case=strategy(operation, pks))
    @settings(
        max_examples=EXAMPLES,
        deadline=timedelta(seconds=5),
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        statuses.add(case.call_and_validate(headers=headers, checks=CHECKS).status_code)

    run()
    return statuses


def test_the_api_against_its_openapi_description(app, objects):
    identities, pks = objects
    schema = schemathesis.openapi.from_wsgi("/api/docs?format=json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 35
    statuses = {role: set() for role in identities}
    for role, credentials in identities.items():  # the holder of every permission last: it deletes
        for operation in operations:
            version = "v1" if operation.path.startswith("/api/v1/") else "v2"
            headers = {"Authorization": credentials[version]} if credentials else {}
            try:
                statuses[role] |= fuzz(operation, pks, headers)
            except BaseException as error:  # schemathesis reports a group of failures
                error.add_note(f"As {role}: {operation.label}")
                raise
    # The run reached the API's answers, not just its refusals.
    assert {200, 400, 401, 404} <= statuses["anonymous"]
    assert {200, 204, 403} <= statuses["release_manager"]
    assert {200, 201, 204} <= statuses["superuser"]
