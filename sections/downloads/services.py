"""Writes that keep Wagtail's editorial state right when releases and files change outside
the editor (the API, the demo loader): revisions, publishing, and the history."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Max
from django.utils.text import slugify
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import GroupPagePermission

from .pages import DownloadsIndexPage, ReleaseFile, ReleaseIndexPage, ReleasePage

RELEASE_MANAGERS = "Release managers"
RELEASE_MANAGERS_PAGE_PERMISSIONS = ["add", "change", "publish"]


def grant_release_managers(index):
    """The "Release managers" group's page permissions on the release index (migration 0004
    gave them on the index that existed then; this, on one made later). A group an admin
    deleted stays deleted."""
    group = Group.objects.filter(name=RELEASE_MANAGERS).first()
    if group is None:
        return
    for action in RELEASE_MANAGERS_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)


def release_index():
    """The parent of release pages, made under the Downloads index page if missing (and
    given to the release managers)."""
    index = ReleaseIndexPage.objects.first()
    if index is None:
        downloads = DownloadsIndexPage.objects.first()
        if downloads is None:
            raise ReleaseIndexPage.DoesNotExist("There is no Downloads page to put releases under.")
        index = downloads.add_child(instance=ReleaseIndexPage(title="Releases", slug="release", live=False))
        index.save_revision(log_action="wagtail.create").publish(skip_permission_checks=True)
        grant_release_managers(index)
    return index


def save_release(release, user=None, is_published=None):
    """Create or update a release page from its fields, with a revision; publish or
    unpublish it when `is_published` says so (None: leave as it is)."""
    if not release.slug:
        release.slug = slugify(release.title)[:255]
    if release.pk is None:
        release.live = False
        release_index().add_child(instance=release)
    else:
        release.save()
    revision = release.save_revision(user=user, log_action=True)
    # The API checked Wagtail's page permissions before (sections/downloads/api.py, check_*).
    if is_published or (is_published is None and release.live):
        revision.publish(user=user, skip_permission_checks=True)
    elif is_published is False and release.live:
        UnpublishPageAction(release, user=user).execute(skip_permission_checks=True)
    return release


def next_sort_order(release_id):
    return (ReleaseFile.objects.filter(release_id=release_id).aggregate(m=Max("sort_order"))["m"] or 0) + 1


def record_files_change(release_id, user=None):
    """After files were written directly (the API), save a revision holding them, so the
    editor shows them and a later publish from the editor keeps them. A pending draft keeps
    its other changes; otherwise the new revision is the live one."""
    release = ReleasePage.objects.filter(pk=release_id).first()
    if release is None:
        return
    files = list(ReleaseFile.objects.filter(release_id=release_id))
    if release.has_unpublished_changes and release.latest_revision_id:
        draft = release.get_latest_revision_as_object()
        draft.files = files
        draft.save_revision(user=user, clean=False, log_action=True)
        return
    revision = release.save_revision(user=user, changed=False, clean=False, log_action=True)
    if release.live:
        ReleasePage.objects.filter(pk=release.pk).update(live_revision=revision)
