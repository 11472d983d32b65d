"""Every write path of the PSF records for every role: anonymous, user, editor, staff, plus
Wagtail's moderator and the superuser.

- Pages (board minutes, work groups): add, edit and publish in the Wagtail admin, governed by
  Wagtail's page permissions held through groups: "Editors" add and edit (their Publish saves
  a draft), "Moderators" also publish.
- Fellows (snippets): add, edit and delete need `psf.add/change/delete_fellow`, held through
  the "Editors" group (migration 0002).
`is_staff` alone grants nothing anywhere."""

from datetime import date

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from sections.psf.factories import FellowFactory, MinutesPageFactory, WorkGroupPageFactory
from sections.psf.models import Fellow
from sections.psf.pages import MinutesPage, WorkGroupPage

from .conftest import login

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "user", "editor", "staff", "moderator", "superuser"]
EDITS_PAGES = {"editor", "moderator", "superuser"}
PUBLISHES = {"moderator", "superuser"}
EDITS_FELLOWS = {"editor", "superuser"}
LOGIN_OR_HOME = {"/admin/login/", "/admin/"}


def minutes_data(day, content):
    return nested_form_data(
        {"title": "", "slug": "", "date": day.isoformat(), "content": content, "comments": inline_formset([])}
    )


def group_data(page, title, purpose):
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug if page else "new-group",
            "purpose": purpose,
            "active": "on",
            "website": "https://example.org/",
            "body": "",
            "members": inline_formset([{"name": "Ada Lovelace"}]),
            "comments": inline_formset([]),
        }
    )


def refused(response):
    """Sent away: to the login page (anonymous, or no admin access) or the admin's home."""
    location = response.get("Location", "")
    return response.status_code == 403 or (response.status_code == 302 and location.split("?")[0] in LOGIN_OR_HOME)


@pytest.mark.parametrize("role", ROLES)
def test_add_minutes(client, minutes_index, users, role):
    login(client, users[role])
    response = client.post(
        f"/admin/pages/add/psf/minutespage/{minutes_index.pk}/", minutes_data(date(2025, 3, 12), "New.")
    )
    created = MinutesPage.objects.filter(date=date(2025, 3, 12)).first()
    if role in EDITS_PAGES:
        assert response.status_code == 302 and created is not None, response.status_code
        assert not created.live  # saved as a draft
    else:
        assert refused(response) and created is None


@pytest.mark.parametrize("role", ROLES)
def test_edit_minutes(client, minutes_index, users, role):
    page = MinutesPageFactory(parent=minutes_index, date=date(2025, 1, 8), content="Before.")
    login(client, users[role])
    response = client.post(f"/admin/pages/{page.pk}/edit/", minutes_data(page.date, "Edited."))
    page.refresh_from_db()
    latest = page.get_latest_revision_as_object()
    if role in EDITS_PAGES:
        assert response.status_code == 302 and latest.content == "Edited."
    else:
        assert refused(response) and latest.content == "Before."
    assert page.content == "Before."  # a draft: the live page is unchanged


@pytest.mark.parametrize("role", ROLES)
def test_publish_minutes(client, minutes_index, users, role):
    page = MinutesPageFactory(parent=minutes_index, date=date(2025, 1, 8), content="Before.")
    login(client, users[role])
    client.post(f"/admin/pages/{page.pk}/edit/", {**minutes_data(page.date, "Published."), "action-publish": "1"})
    page.refresh_from_db()
    assert (page.content == "Published.") == (role in PUBLISHES), page.content
    public = client.get("/psf/records/board/minutes/2025-01-08/").content.decode()
    assert ("Published." in public) == (role in PUBLISHES)


@pytest.mark.parametrize("role", ROLES)
def test_add_edit_publish_work_group(client, workgroups, users, role):
    login(client, users[role])
    response = client.post(f"/admin/pages/add/psf/workgrouppage/{workgroups.pk}/", group_data(None, "New", "P."))
    created = WorkGroupPage.objects.filter(slug="new-group").first()
    assert (created is not None) == (role in EDITS_PAGES), response.status_code
    if created is not None:
        assert [m.name for m in created.get_latest_revision_as_object().members.all()] == ["Ada Lovelace"]
    page = WorkGroupPageFactory(parent=workgroups, title="Grants", purpose="Before.")
    client.post(f"/admin/pages/{page.pk}/edit/", group_data(page, "Grants", "Edited."))
    page.refresh_from_db()
    assert (page.get_latest_revision_as_object().purpose == "Edited.") == (role in EDITS_PAGES)
    client.post(f"/admin/pages/{page.pk}/edit/", {**group_data(page, "Grants", "Published."), "action-publish": "1"})
    page.refresh_from_db()
    assert (page.purpose == "Published.") == (role in PUBLISHES)


@pytest.mark.parametrize("role", ROLES)
def test_fellow_snippet_add_edit_delete(client, users, role):
    fellow = FellowFactory(name="Guido", year_elected=2001)
    login(client, users[role])
    data = {"name": "Ada", "year_elected": "2024", "status": "active", "emeritus_year": "", "notes": ""}
    response = client.post("/admin/snippets/psf/fellow/add/", data)
    assert Fellow.objects.filter(name="Ada").exists() == (role in EDITS_FELLOWS), response.status_code
    client.post(f"/admin/snippets/psf/fellow/edit/{fellow.pk}/", {**data, "name": "Guido van Rossum"})
    fellow.refresh_from_db()
    assert (fellow.name == "Guido van Rossum") == (role in EDITS_FELLOWS)
    client.post(f"/admin/snippets/psf/fellow/delete/{fellow.pk}/")
    assert (not Fellow.objects.filter(pk=fellow.pk).exists()) == (role in EDITS_FELLOWS)


@pytest.mark.parametrize("role", ROLES)
def test_fellow_snippet_listing_in_the_admin(client, users, role):
    FellowFactory(name="Guido", year_elected=2001)
    login(client, users[role])
    response = client.get("/admin/snippets/psf/fellow/")
    if role in EDITS_FELLOWS:
        assert response.status_code == 200 and b"Guido" in response.content
    else:
        assert refused(response)


def test_the_roles_of_the_admin_pages_are_the_groups_not_is_staff(minutes_index, users):
    minutes_perms = minutes_index.permissions_for_user
    assert not minutes_perms(users["staff"]).can_add_subpage()
    assert minutes_perms(users["editor"]).can_add_subpage()
    assert not minutes_perms(users["editor"]).can_publish_subpage()
    assert minutes_perms(users["moderator"]).can_publish_subpage()
    assert not users["staff"].has_perm("psf.add_fellow") and users["editor"].has_perm("psf.delete_fellow")
