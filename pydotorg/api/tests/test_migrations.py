"""The credentials moved from downloads to this app (api 0001, downloads 0003) without losing
a key: one made before the move still authenticates after it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIRequestFactory

from pydotorg.api.auth import ApiKeyAuthentication, ApiTokenAuthentication
from pydotorg.api.models import ApiKey

BEFORE = ("downloads", "0002_operating_systems")


def migrate_back():
    """Undo the move (api 0001, and downloads 0003 that depends on it); the models as they
    were then."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE, ("api", None)])
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in ("api", "downloads")]
    return executor.loader.project_state([*others, BEFORE]).apps


def migrate_forward():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# Schema changes need real transactions (SQLite refuses them in an atomic block); the rows
# the migrations made (the home page, the operating systems) come back after the test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_key_made_before_the_move_still_authenticates():
    old = migrate_back()
    tables = connection.introspection.table_names()
    assert "downloads_apikey" in tables and "api_apikey" not in tables
    user = old.get_model("users", "User").objects.create(username="rm", password="!", is_staff=True, is_active=True)
    old.get_model("downloads", "ApiKey").objects.create(user_id=user.pk, key="made-before-the-move")
    old.get_model("downloads", "ApiToken").objects.create(user_id=user.pk, key="token-before-the-move")

    migrate_forward()

    tables = connection.introspection.table_names()
    assert "api_apikey" in tables and "downloads_apikey" not in tables
    assert ApiKey.objects.get(user__username="rm").key == "made-before-the-move"
    request = APIRequestFactory().get("/api/v1/", HTTP_AUTHORIZATION="ApiKey rm:made-before-the-move")
    assert ApiKeyAuthentication().authenticate(request)[0].username == "rm"
    request = APIRequestFactory().get("/api/v2/", HTTP_AUTHORIZATION="Token token-before-the-move")
    assert ApiTokenAuthentication().authenticate(request)[0].username == "rm"
