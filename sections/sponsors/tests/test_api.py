"""API v2 `sponsors/logo-placement/` and `sponsors/sponsorship-assets/`, as python.org
serves them (REFERENCE.md's API v2 section): the fields exactly, the filters and their 400s,
the dates, who may read (staff or the sponsor-publisher permission, by token), and PyPI's
own call."""

import datetime

import pytest
from django.utils import timezone

from pydotorg.api.factories import ApiTokenFactory
from sections.sponsors.factories import (
    AssetFactory,
    LogoPlacementFactory,
    PackageFactory,
    SponsorBenefitFactory,
    SponsorContactFactory,
    SponsorFactory,
    SponsorshipFactory,
    png_file,
)
from sections.sponsors.models import Sponsorship

pytestmark = pytest.mark.django_db

PLACEMENTS = "/api/v2/sponsors/logo-placement/"
ASSETS = "/api/v2/sponsors/sponsorship-assets/"
FIELDS = {
    "publisher", "flight", "sponsor", "sponsor_id", "sponsor_slug", "description", "logo", "white_logo",
    "start_date", "end_date", "sponsor_url", "level_name", "level_order", "contacts",
}  # fmt: skip
CONTACT_FIELDS = {"name", "email", "primary", "administrative", "accounting", "manager"}


@pytest.fixture
def users(users, make_user):
    return {**users, "staff_publisher": make_user("staffpub", is_staff=True, groups=["Sponsor publishers"])}


@pytest.fixture
def tokens(users):
    """A token for every role but anonymous (staff or not: the rule is the permission)."""
    return {role: ApiTokenFactory(user=user).key for role, user in users.items() if user is not None}


def get(client, url, tokens, role="staff", **params):
    headers = {"HTTP_AUTHORIZATION": f"Token {tokens[role]}"} if role != "anonymous" else {}
    return client.get(url, params, **headers)


def current_sponsorship(sponsor, package, placements=(("psf", "sponsors"),), **fields):
    """A finalized sponsorship covering today, with a benefit carrying `placements`
    ((publisher, flight) or (publisher, flight, {link_to_sponsors_page, describe_as_sponsor}))."""
    sponsorship = SponsorshipFactory(sponsor=sponsor, package=package, finalized=True, **fields)
    benefit = SponsorBenefitFactory(sponsorship=sponsorship, name="Logo")
    for publisher, flight, *options in placements:
        LogoPlacementFactory(
            sponsor_benefit=benefit, publisher=publisher, flight=flight, **(options[0] if options else {})
        )
    return sponsorship


@pytest.fixture
def placed(sponsor):
    """Two current sponsorships: Acme Corp (Gold, order 0) on psf/sponsors and, described
    and linked to the sponsors page, on pypi/sponsors; Zeta Ltd (Silver, order 1) on
    psf/download."""
    gold = PackageFactory(name="Gold", slug="gold", order=0)
    silver = PackageFactory(name="Silver", slug="silver", order=1)
    acme = current_sponsorship(
        sponsor,
        gold,
        [("psf", "sponsors"), ("pypi", "sponsors", {"link_to_sponsors_page": True, "describe_as_sponsor": True})],
    )
    other = SponsorFactory(name="Zeta Ltd", description="Zeta makes things.", landing_page_url="https://zeta.example/")
    zeta = current_sponsorship(other, silver, [("psf", "download")])
    return acme, zeta


# --- Fields ---------------------------------------------------------------------------------


def test_each_placement_of_a_current_sponsorship_is_one_object_with_python_orgs_fields(client, tokens, placed, sponsor):
    acme, zeta = placed
    response = get(client, PLACEMENTS, tokens)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert isinstance(data, list) and len(data) == 3  # plain list, not paginated
    assert all(set(item) == FIELDS for item in data)
    first = data[0]
    assert first == {
        "publisher": "psf",
        "flight": "sponsors",
        "sponsor": "Acme Corp",
        "sponsor_id": str(sponsor.pk),
        "sponsor_slug": sponsor.slug,
        "description": "A company that uses Python.",
        "logo": f"http://testserver{sponsor.web_logo.url}",
        "white_logo": None,
        "start_date": acme.start_date.isoformat(),
        "end_date": acme.end_date.isoformat(),
        "sponsor_url": sponsor.landing_page_url,
        "level_name": "Gold",
        "level_order": 0,
        "contacts": [
            {
                "name": "contact",
                "email": "contact@example.com",
                "primary": True,
                "administrative": True,
                "accounting": True,
                "manager": False,
            }
        ],
    }
    pypi = data[1]
    assert (pypi["publisher"], pypi["flight"]) == ("pypi", "sponsors")
    assert pypi["description"] == "Acme Corp is a Gold sponsor of the Python Software Foundation."
    assert pypi["sponsor_url"] == "http://testserver/psf/sponsors/#acme-corp"
    zeta_item = data[2]
    assert (zeta_item["sponsor"], zeta_item["flight"], zeta_item["level_order"]) == ("Zeta Ltd", "download", 1)
    assert zeta_item["description"] == "Zeta makes things." and zeta_item["sponsor_url"] == "https://zeta.example/"
    assert zeta_item["contacts"][0]["email"] == "contact@zeta-ltd.example.com"


def test_contacts_are_all_the_sponsors_contacts_with_their_roles(client, tokens, placed, sponsor):
    SponsorContactFactory(sponsor=sponsor, name="Manny", email="Manny@Example.com", manager=True)
    item = get(client, PLACEMENTS, tokens, publisher="psf", flight="sponsors").json()[0]
    assert [set(contact) for contact in item["contacts"]] == [CONTACT_FIELDS, CONTACT_FIELDS]
    assert item["contacts"][1] == {
        "name": "Manny",
        "email": "manny@example.com",
        "primary": False,
        "administrative": False,
        "accounting": False,
        "manager": True,
    }


def test_logo_urls_are_absolute_on_the_requests_host(client, tokens, placed, settings):
    settings.ALLOWED_HOSTS = ["*"]
    data = client.get(PLACEMENTS, HTTP_AUTHORIZATION=f"Token {tokens['staff']}", HTTP_HOST="sponsors.example:8100")
    assert all(item["logo"].startswith("http://sponsors.example:8100/media/") for item in data.json())


def test_an_a_la_carte_sponsorship_has_no_level(client, tokens, other_sponsor):
    current_sponsorship(other_sponsor, None)
    item = get(client, PLACEMENTS, tokens).json()[0]
    assert (item["level_name"], item["level_order"]) == ("", None)


# --- What is current ------------------------------------------------------------------------


def test_only_finalized_sponsorships_within_their_dates_are_listed(client, tokens, placed, other_sponsor):
    today = timezone.localdate()
    package = PackageFactory()
    ended = current_sponsorship(SponsorFactory(name="Ended"), package, end_date=today - datetime.timedelta(days=1))
    future = current_sponsorship(SponsorFactory(name="Future"), package, start_date=today + datetime.timedelta(days=1))
    approved = current_sponsorship(SponsorFactory(name="Approved"), package)
    Sponsorship.objects.filter(pk=approved.pk).update(status=Sponsorship.Status.APPROVED)
    edge = current_sponsorship(SponsorFactory(name="Edge"), package, start_date=today, end_date=today)
    names = {item["sponsor"] for item in get(client, PLACEMENTS, tokens).json()}
    assert names == {"Acme Corp", "Zeta Ltd", "Edge"}
    assert ended and future and edge


# --- Filters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"publisher": "psf"}, [("Acme Corp", "psf", "sponsors"), ("Zeta Ltd", "psf", "download")]),
        ({"publisher": "pypi"}, [("Acme Corp", "pypi", "sponsors")]),
        ({"flight": "sponsors"}, [("Acme Corp", "psf", "sponsors"), ("Acme Corp", "pypi", "sponsors")]),
        ({"publisher": "pypi", "flight": "sponsors"}, [("Acme Corp", "pypi", "sponsors")]),
        ({"publisher": "core"}, []),
        ({"flight": "download"}, [("Zeta Ltd", "psf", "download")]),
    ],
)
def test_publisher_and_flight_filter_the_placements(client, tokens, placed, params, expected):
    data = get(client, PLACEMENTS, tokens, **params).json()
    assert [(item["sponsor"], item["publisher"], item["flight"]) for item in data] == expected


def test_year_filters_by_the_sponsorship_year(client, tokens, placed):
    acme, zeta = placed
    Sponsorship.objects.filter(pk=zeta.pk).update(year=acme.year - 1)
    this_year = get(client, PLACEMENTS, tokens, year=acme.year).json()
    assert {item["sponsor"] for item in this_year} == {"Acme Corp"}
    assert {item["sponsor"] for item in get(client, PLACEMENTS, tokens, year=acme.year - 1).json()} == {"Zeta Ltd"}
    assert get(client, PLACEMENTS, tokens, year=1999).json() == []


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"publisher": "nope"}, "publisher", '"nope" is not a valid choice.'),
        ({"flight": "banner"}, "flight", '"banner" is not a valid choice.'),
        ({"year": "twenty"}, "year", "A valid integer is required."),
        ({"year": "99999999999999999999999"}, "year", "Ensure this value is less than or equal to 9999."),
        ({"year": "0"}, "year", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_bad_filters_answer_400_with_a_message(client, tokens, placed, params, field, message):
    response = get(client, PLACEMENTS, tokens, **params)
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_unknown_parameters_are_ignored_as_python_org_does(client, tokens, placed):
    assert len(get(client, PLACEMENTS, tokens, colour="blue").json()) == 3


# --- Who may read -----------------------------------------------------------------------------

READERS = {"staff", "superuser", "publisher", "staff_publisher"}
ROLES = ["anonymous", "user", "owner", "contact", "other_contact", "team", "editor", *sorted(READERS)]


@pytest.mark.parametrize("url", [PLACEMENTS, ASSETS])
@pytest.mark.parametrize("role", ROLES)
def test_staff_and_sponsor_publishers_read_others_are_refused(client, tokens, placed, role, url):
    response = get(client, url, tokens, role, internal_name="anything")
    if role in READERS:
        assert response.status_code == 200, response.content
    elif role == "anonymous":
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json() == {"detail": "Authentication credentials were not provided."}
    else:
        assert response.status_code == 403
        assert response.json() == {"detail": "Must have publisher permission."}


def test_a_wrong_token_is_401_and_a_signed_in_browser_session_does_not_count(client, users, tokens, placed):
    response = client.get(PLACEMENTS, HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert response.status_code == 401 and response.json() == {"detail": "Invalid token."}
    client.force_login(users["staff"])
    assert client.get(PLACEMENTS).status_code == 401  # the API authenticates by token only


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_resources_are_read_only(client, tokens, placed, method):
    for url in (PLACEMENTS, ASSETS):
        response = getattr(client, method)(url, HTTP_AUTHORIZATION=f"Token {tokens['superuser']}")
        assert response.status_code == 405


def test_pypis_own_call(client, tokens, placed):
    """warehouse's `update_pypi_sponsors`: requests.get(f"{host}/api/v2/sponsors/logo-placement/
    ?publisher=pypi&flight=sponsors", headers={"Authorization": f"Token {token}"}), then it
    reads sponsor, sponsor_slug, description, sponsor_url, logo, level_name, level_order."""
    response = client.get(
        f"{PLACEMENTS}?publisher=pypi&flight=sponsors",
        headers={
            "Authorization": f"Token {tokens['publisher']}",
            "User-Agent": "python-requests/2.32.3",
            "Accept": "*/*",
            "Accept-Encoding": "gzip, deflate",
            "Connection": "keep-alive",
        },
    )
    assert response.status_code == 200
    [info] = response.json()
    assert info["sponsor"] == "Acme Corp" and info["sponsor_slug"] == "acme-corp"
    assert info["description"] == "Acme Corp is a Gold sponsor of the Python Software Foundation."
    assert info["sponsor_url"] == "http://testserver/psf/sponsors/#acme-corp"
    assert info["logo"].startswith("http://testserver/media/sponsors/logos/web/")
    assert (info["level_name"], info["level_order"]) == ("Gold", 0)


# --- sponsorship-assets -----------------------------------------------------------------------


@pytest.fixture
def assets(sponsor, other_sponsor):
    """The asset "case-study" of three sponsorships: text given, text empty, an image; and
    the sponsor-level asset "brief" (a file) of Acme."""
    mine = SponsorshipFactory(sponsor=sponsor)
    theirs = SponsorshipFactory(sponsor=other_sponsor)
    third = SponsorshipFactory(sponsor=SponsorFactory(name="Third"))
    return {
        "text": AssetFactory(sponsorship=mine, internal_name="case-study", text="Our story."),
        "empty": AssetFactory(sponsorship=theirs, internal_name="case-study"),
        "image": AssetFactory(sponsorship=third, internal_name="case-study", kind="image", file=png_file("s.png")),
        "response": AssetFactory(sponsorship=mine, internal_name="attend", kind="response", text="yes"),
        "sponsor": AssetFactory(
            sponsorship=None, sponsor=sponsor, internal_name="brief", kind="file", file=png_file("brief.pdf")
        ),
    }


def test_assets_of_an_internal_name_with_a_value(client, tokens, assets):
    response = get(client, ASSETS, tokens, internal_name="case-study")
    assert response.status_code == 200
    data = response.json()
    assert [set(item) for item in data] == [
        {"internal_name", "uuid", "value", "content_type", "sponsor", "sponsor_slug"}
    ] * 2
    text, image = data
    assert text == {
        "internal_name": "case-study",
        "uuid": text["uuid"],
        "value": "Our story.",
        "content_type": "Sponsorship",
        "sponsor": "Acme Corp",
        "sponsor_slug": "acme-corp",
    }
    assert image["sponsor"] == "Third"
    assert image["value"].startswith("http://testserver/media/sponsors/assets/")
    assert text["uuid"] != image["uuid"]
    assert get(client, ASSETS, tokens, internal_name="case-study").json()[0]["uuid"] == text["uuid"]  # stable


def test_list_empty_lists_the_assets_without_a_value_too(client, tokens, assets):
    data = get(client, ASSETS, tokens, internal_name="case-study", list_empty="true").json()
    assert [(item["sponsor"], item["value"]) for item in data] == [
        ("Acme Corp", "Our story."),
        ("Other Inc", ""),
        ("Third", data[2]["value"]),
    ]
    assert get(client, ASSETS, tokens, internal_name="case-study", list_empty="false").json() == data[::2]


def test_responses_and_sponsor_level_assets(client, tokens, assets):
    [response] = get(client, ASSETS, tokens, internal_name="attend").json()
    assert response["value"] == "yes"
    [brief] = get(client, ASSETS, tokens, internal_name="brief").json()
    assert (brief["content_type"], brief["sponsor"], brief["sponsor_slug"]) == ("Sponsor", "Acme Corp", "acme-corp")
    assert brief["value"].startswith("http://testserver/media/sponsors/assets/brief")
    assert get(client, ASSETS, tokens, internal_name="nothing-by-that-name").json() == []


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, {"internal_name": ["This field is required."]}),
        ({"internal_name": ""}, {"internal_name": ["This field may not be blank."]}),
        ({"internal_name": "x" * 129}, {"internal_name": ["Ensure this field has no more than 128 characters."]}),
        ({"internal_name": "a", "list_empty": "perhaps"}, {"list_empty": ["Must be a valid boolean."]}),
    ],
)
def test_bad_asset_queries_answer_400_with_a_message(client, tokens, assets, params, expected):
    response = get(client, ASSETS, tokens, **params)
    assert response.status_code == 400 and response.json() == expected


# --- The description ----------------------------------------------------------------------------


def test_the_openapi_description_lists_both_with_their_filters(client):
    schema = client.get("/api/docs?format=json").json()
    placements = schema["paths"][PLACEMENTS]["get"]
    assert {p["name"] for p in placements["parameters"]} == {"publisher", "flight", "year"}
    assert set(placements["responses"]) == {"200", "400", "401", "403"}
    assets = schema["paths"][ASSETS]["get"]
    assert {p["name"]: p.get("required", False) for p in assets["parameters"]} == {
        "internal_name": True,
        "list_empty": False,
    }
    assert set(schema["paths"][PLACEMENTS]) == {"get"} and set(schema["paths"][ASSETS]) == {"get"}
