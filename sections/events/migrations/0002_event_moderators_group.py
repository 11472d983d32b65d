"""The "Event moderators" group: every permission of the events app and access to the
Wagtail admin, nothing else."""

from django.db import migrations

GROUP = "Event moderators"


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():  # permissions are normally made after migrate
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Wagtail makes the publish/lock/unlock permissions of snippets after migrate: make them now.
    event_type = ContentType.objects.get(app_label="events", model="event")
    for action in ("publish", "lock", "unlock"):
        Permission.objects.get_or_create(
            content_type=event_type, codename=f"{action}_event", defaults={"name": f"Can {action} event"}
        )
    group, _ = Group.objects.get_or_create(name=GROUP)
    permissions = Permission.objects.filter(content_type__app_label="events").exclude(
        content_type__model="eventsindexpage"
    )
    group.permissions.add(*permissions)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
