import json
import logging

import pytest

from pydotorg.core.logging import JsonFormatter


@pytest.mark.django_db
def test_each_request_is_logged_as_one_json_line_with_its_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="pydotorg.request"):
        response = client.get("/health", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    [record] = [r for r in caplog.records if r.name == "pydotorg.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["event"] == "request" and line["level"] == "info"
    assert line["request_id"] == "abc-123"
    assert line["method"] == "GET" and line["path"] == "/health" and line["status_code"] == 200
    assert isinstance(line["duration_ms"], float) and line["timestamp"].endswith("+00:00")


@pytest.mark.django_db
def test_a_malformed_request_id_is_replaced(client):
    response = client.get("/health", HTTP_X_REQUEST_ID="<script>" + "x" * 200)
    assert len(response["X-Request-ID"]) == 32 and response["X-Request-ID"].isalnum()
