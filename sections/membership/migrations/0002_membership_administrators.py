"""The "Membership administrators" group: Wagtail admin access and the membership permissions
(view is what the eligible-voters CSV needs)."""

from django.db import migrations

GROUP = "Membership administrators"
ACTIONS = ["view", "add", "change", "delete"]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=GROUP)
    # Permissions are normally made after migrations (post_migrate): make the ones we need now.
    content_type, _ = ContentType.objects.get_or_create(app_label="membership", model="membership")
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_membership",
            defaults={"name": f"Can {action} membership"},
        )
        group.permissions.add(permission)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group.permissions.add(access)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
