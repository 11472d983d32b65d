"""The API's credentials: the service, `manage.py api_credentials`, the admin, and the
authentication classes that read them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.test import APIRequestFactory

from pydotorg.api import services
from pydotorg.api.auth import ApiKeyAuthentication, ApiTokenAuthentication
from pydotorg.api.models import ApiKey, ApiToken

pytestmark = pytest.mark.django_db


def authenticate(header, authentication=ApiKeyAuthentication):
    return authentication().authenticate(APIRequestFactory().get("/api/v1/", HTTP_AUTHORIZATION=header))


def test_issue_rotate_revoke(users):
    staff = users["staff"]
    assert services.issue(staff) == (staff.api_key, staff.api_token)  # already there: unchanged
    key, token = services.rotate(staff)
    assert len(key.key) == 40 and key.key != "staff-key" and token.key != "staff-token"
    assert authenticate(f"ApiKey staff:{key.key}")[0] == staff
    assert authenticate(f"Token {token.key}", ApiTokenAuthentication)[0] == staff
    with pytest.raises(AuthenticationFailed):
        authenticate("ApiKey staff:staff-key")
    assert services.revoke(staff) == 2 and not ApiKey.objects.filter(user=staff).exists()
    with pytest.raises(services.NotStaff):
        services.rotate(users["user"])
    assert ApiKey.objects.get(user=users["user"]).key == "user-key"  # a refused rotation changes nothing


def test_api_credentials_command(users):
    out = StringIO()
    call_command("api_credentials", "staff", "--rotate", stdout=out)
    key = ApiKey.objects.get(user=users["staff"]).key
    assert f"ApiKey staff:{key}" in out.getvalue() and key != "staff-key"
    call_command("api_credentials", "STAFF", "--revoke", stdout=out)
    assert not ApiKey.objects.filter(user=users["staff"]).exists()
    assert not ApiToken.objects.filter(user=users["staff"]).exists()

    with pytest.raises(CommandError, match="not staff"):
        call_command("api_credentials", "user", "--rotate", stdout=out)
    with pytest.raises(CommandError, match="No user"):
        call_command("api_credentials", "nobody", stdout=out)


def test_staff_manage_keys_in_the_admin(admin_client, users):
    assert admin_client.get("/django-admin/api/apikey/").status_code == 200
    ApiToken.objects.filter(user=users["user"]).delete()  # revoked
    response = admin_client.post("/django-admin/api/apitoken/add/", {"user": users["user"].pk, "key": ""})
    assert response.status_code == 302
    assert len(ApiToken.objects.get(user=users["user"]).key) == 40


def test_admin_rotates_and_revokes(admin_client, users):
    staff_key = ApiKey.objects.get(user=users["staff"])
    response = admin_client.post(
        "/django-admin/api/apikey/", {"action": "rotate", "_selected_action": [staff_key.pk]}, follow=True
    )
    assert response.status_code == 200 and "New API key and token for staff" in response.content.decode()
    assert ApiKey.objects.get(user=users["staff"]).key != "staff-key"
    user_key = ApiKey.objects.get(user=users["user"])
    admin_client.post("/django-admin/api/apikey/", {"action": "revoke", "_selected_action": [user_key.pk]})
    assert not ApiKey.objects.filter(user=users["user"]).exists()
    assert not ApiToken.objects.filter(user=users["user"]).exists()


def test_a_sponsor_publisher_may_hold_credentials(users, make_user):
    """PyPI's account reads the sponsors' logo placements: not staff, but a sponsor publisher."""
    publisher = make_user("pypi", groups=["Sponsor publishers"])
    key, token = services.issue(publisher)
    assert authenticate(f"Token {token.key}", ApiTokenAuthentication)[0] == publisher
    with pytest.raises(services.NotStaff):
        services.issue(users["editor"])
