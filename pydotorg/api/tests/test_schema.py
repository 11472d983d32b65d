import pytest
import yaml
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_description_generates_without_warnings_and_covers_v1_and_v2(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    paths = set(schema["paths"])
    assert "/api/v1/downloads/release_file/" in paths and "/api/v2/downloads/release/" in paths
    assert not any(path.startswith("/admin/") for path in paths)  # Wagtail's admin API is not ours
    assert {"ApiKey", "Token"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.django_db
def test_openapi_description_is_served(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"/api/v1/downloads/release/" in response.content
