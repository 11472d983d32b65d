"""The site's own files: robots.txt, humans.txt, funding.json and the sitemap."""

import json

import pytest
from wagtail_factories import PageFactory


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain"
    body = response.content.decode()
    assert "Disallow: /admin/" in body and "Disallow: /accounts/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.django_db
def test_humans_txt(client):
    response = client.get("/humans.txt")
    assert response.status_code == 200 and "Python Software Foundation" in response.content.decode()


@pytest.mark.django_db
def test_funding_json_is_the_psf_manifest(client):
    response = client.get("/funding.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    manifest = json.loads(response.content)
    assert manifest["version"].startswith("v1") and "Python Software Foundation" in json.dumps(manifest["entity"])


@pytest.mark.django_db
def test_sitemap_lists_live_pages_only(client, home_page):
    # Plain Wagtail pages: the project package imports no section (docs/architecture.md).
    PageFactory(parent=home_page, title="Live", slug="live").save_revision().publish()
    PageFactory(parent=home_page, title="Draft", slug="draft", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/live/</loc>" in body and "/draft/" not in body
