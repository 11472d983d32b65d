"""Who writes community posts, as Wagtail's page tree has it: the "Editors" group writes drafts
(view, add, change, lock, unlock), the "Moderators" group also publishes and deletes. Both
groups are Wagtail's own (they already have admin access). `is_staff` alone grants nothing."""

from django.db import migrations

PERMISSIONS = {
    "Editors": ["view", "add", "change", "lock", "unlock"],
    "Moderators": ["view", "add", "change", "publish", "delete", "lock", "unlock"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions are normally made after migrations (post_migrate): make the ones we need now.
    content_type, _ = ContentType.objects.get_or_create(app_label="community", model="post")
    for name, actions in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_post", defaults={"name": f"Can {action} community post"}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="community", content_type__model="post").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
