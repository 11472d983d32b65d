import json

import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/health", "/_health"])
def test_health_reports_database_up(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "healthy", "database": True}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/health", "/_health"])
def test_health_reports_database_down(client, url, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(url)
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unhealthy"
    assert body["database"] is False
    assert "Connection refused" in body["error"]
