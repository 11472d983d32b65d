"""The "Editors" group (Wagtail's own, which edits pages) edits the Fellows roster too: view,
add, change and delete Fellow snippets. Page permissions (board minutes, work groups) are
Wagtail's, held by the groups on the page tree."""

from django.db import migrations

GROUP = "Editors"
ACTIONS = ["view", "add", "change", "delete"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=GROUP)
    # Permissions are normally made after migrations (post_migrate): make the ones we need now.
    content_type, _ = ContentType.objects.get_or_create(app_label="psf", model="fellow")
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_fellow", defaults={"name": f"Can {action} fellow"}
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="psf", content_type__model="fellow"))


class Migration(migrations.Migration):
    dependencies = [
        ("psf", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
