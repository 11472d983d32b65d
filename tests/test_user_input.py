"""What a visitor types is answered, never with a 500. A NUL character anywhere a visitor
can put one (path, query string, form data) is a 400 with a clear message, on every section
at once (pydotorg.core.middleware.RejectNulMiddleware): PostgreSQL refuses such text (a 500
before), SQLite cuts it. Search terms with any punctuation are searched. Run on both
databases."""

import pytest

from sections.jobs.factories import JobBoardPageFactory

pytestmark = pytest.mark.django_db
MESSAGE = "The request contains a NUL character (%00), which this site does not accept."


@pytest.fixture
def board(home_page):
    return JobBoardPageFactory(parent=home_page)


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00",
        "/search/?q=python%00&page=1",
        "/jobs/?q=%00",
        "/jobs/?location=%00",
        "/jobs/?type=%00",
        "/jobs/?category=%00",
        "/jobs/?%00=1",
        "/jobs/%00/",
        "/%00",
    ],
)
def test_nul_in_the_path_or_query_string_is_400(client, board, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.content.decode() == MESSAGE


def test_nul_in_form_data_is_400(client):
    response = client.post("/accounts/login/", {"login": "ann\x00", "password": "x"})
    assert response.status_code == 400 and MESSAGE in response.content.decode()


def test_nul_under_the_api_is_a_json_400(client):
    for url in ["/api/v1/downloads/release/?name=%00", "/api/v2/downloads/os/?slug=a%00b"]:
        response = client.get(url)
        assert response.status_code == 400 and response.json()["detail"] == MESSAGE, url


def test_requests_without_nul_pass(client, board):
    assert client.get("/search/?q=python").status_code == 200
    assert client.get("/jobs/?q=python&location=berlin").status_code == 200


@pytest.mark.parametrize("query", ['"', 'a"b', "'", "*", "(", "NEAR(", "a OR", "\\", "%", "^", "x:y", "-", "a" * 300])
def test_search_takes_any_punctuation(client, home_page, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert response.context["search_query"] == query[:200]
