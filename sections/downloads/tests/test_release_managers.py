"""The "Release managers" group (migration 0004, `services.grant_release_managers`): exactly
what the upload script and the admin steps of a release need, on the release index whether
it existed at migration time or was made later."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from sections.downloads import services
from sections.downloads.factories import ReleaseIndexPageFactory
from sections.downloads.pages import ReleaseIndexPage

pytestmark = pytest.mark.django_db
migration = import_module("sections.downloads.migrations.0004_release_managers")

MODEL_PERMISSIONS = {
    "downloads.view_releasepage",
    "downloads.add_releasefile",
    "downloads.delete_releasefile",
    "wagtailadmin.access_admin",
}
# Wagtail's own migrations give these to every group that has admin access when they run: the
# group holds them or not depending on where those migrations fall in the migration order.
CHOOSERS = {"wagtailimages.choose_image", "wagtaildocs.choose_document"}


def page_permissions(index):
    rows = GroupPagePermission.objects.filter(group__name="Release managers", page=index)
    return set(rows.values_list("permission__codename", flat=True))


def test_the_group_holds_exactly_what_the_upload_script_needs(release_index):
    group = Group.objects.get(name="Release managers")
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert held - CHOOSERS == MODEL_PERMISSIONS
    assert page_permissions(release_index) == {"add_page", "change_page", "publish_page"}
    assert set(GroupPagePermission.objects.filter(group=group).values_list("page", flat=True)) == {release_index.pk}


def test_the_migration_gives_the_index_that_exists_its_permissions(downloads):
    Group.objects.filter(name="Release managers").delete()
    index = ReleaseIndexPageFactory(parent=downloads)
    migration.create_group(apps, None)
    assert page_permissions(index) == {"add_page", "change_page", "publish_page"}
    migration.create_group(apps, None)  # a second run changes nothing
    assert GroupPagePermission.objects.filter(page=index).count() == 3
    migration.remove_group(apps, None)
    assert not Group.objects.filter(name="Release managers").exists()


def test_an_index_made_later_is_given_to_the_release_managers(downloads):
    assert not ReleaseIndexPage.objects.exists()
    index = services.release_index()
    assert page_permissions(index) == {"add_page", "change_page", "publish_page"}


def test_a_deleted_group_stays_deleted(downloads):
    Group.objects.filter(name="Release managers").delete()
    services.release_index()
    assert not Group.objects.filter(name="Release managers").exists()


def test_in_the_admin_releases_only(client, users, release_index, release, home_page):
    client.force_login(users["release_manager"])
    assert client.get(f"/admin/pages/add/downloads/releasepage/{release_index.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{release.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{home_page.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/pages/{release_index.get_parent().pk}/edit/").status_code in (302, 403)


def test_an_index_made_in_the_admin_is_given_to_the_release_managers(client, users, downloads):
    client.force_login(users["superuser"])
    response = client.post(
        f"/admin/pages/add/downloads/releaseindexpage/{downloads.pk}/",
        {"title": "Releases", "slug": "release", "action-publish": "publish"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert page_permissions(ReleaseIndexPage.objects.get()) == {"add_page", "change_page", "publish_page"}
