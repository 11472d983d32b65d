"""Wagtail's "Editors" group manages the news feeds: it may add and change feeds (and so
"Sync now"), and see their entries and sync records. Nothing else of the app; no deletion."""

from django.db import migrations

GROUP = "Editors"
PERMISSIONS = ["add_feed", "change_feed", "view_feed", "view_entry", "view_feedsync"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():  # permissions are normally made after migrate
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="news", codename__in=PERMISSIONS))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="news", codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
