"""The "Release managers" group: exactly what a release manager needs, and no more.

- Wagtail admin access, and on the release index page (/downloads/release/) Wagtail's add,
  change and publish page permissions: they create a release, preview it and publish it in
  the admin (docs/sections/downloads.md, "How a release manager ships a release").
- `downloads.view_releasepage`: the upload script finds the (still unpublished) release
  through the API; `downloads.add_releasefile` and `downloads.delete_releasefile`: it
  deletes the release's files and posts the new ones.

The page permissions are given on the release index if it exists now; one made later by
`services.release_index()` (the API, the demo loader) is given them there
(`services.grant_release_managers`). An index made by hand in the admin needs them given
in Settings → Groups (docs/sections/downloads.md)."""

from django.conf import settings
from django.db import migrations

GROUP = "Release managers"
MODEL_PERMISSIONS = [  # app, model, action, the name Django would give it
    ("downloads", "releasepage", "view", "Can view release"),
    ("downloads", "releasefile", "add", "Can add release file"),
    ("downloads", "releasefile", "delete", "Can delete release file"),
    ("wagtailadmin", "admin", "access", "Can access Wagtail admin"),
]
PAGE_PERMISSIONS = ["add", "change", "publish"]


def permission(apps, app_label, model, action, name):
    """The permission row (Django makes them after migrate: made here when missing)."""
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=content_type, codename=f"{action}_{model}", defaults={"name": name}
    )[0]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ReleaseIndexPage = apps.get_model("downloads", "ReleaseIndexPage")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*(permission(apps, *spec) for spec in MODEL_PERMISSIONS))
    for index in ReleaseIndexPage.objects.all():
        for action in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=index.pk, permission=permission(apps, "wagtailcore", "page", action, f"Can {action} page")
            )


def remove_group(apps, schema_editor):
    """Delete the group, its page and collection permissions, permissions and members by the
    group's id, without the ORM's cascade: in the historical state of a later migration
    GroupPagePermission may refer to a stale Group model, which the cascade's collector trips
    on (pydotorg/api/tests/test_migrations.py migrates back past this migration)."""
    Group = apps.get_model("auth", "Group")
    ids = list(Group.objects.filter(name=GROUP).values_list("pk", flat=True))
    if not ids:
        return
    for model in (
        apps.get_model("wagtailcore", "GroupPagePermission"),
        apps.get_model("wagtailcore", "GroupCollectionPermission"),
        Group.permissions.through,
        apps.get_model(settings.AUTH_USER_MODEL).groups.through,
    ):
        rows = model.objects.filter(group_id__in=ids)
        rows._raw_delete(rows.db)
    groups = Group.objects.filter(pk__in=ids)
    groups._raw_delete(groups.db)


class Migration(migrations.Migration):
    dependencies = [
        ("downloads", "0003_api_credentials_moved"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
