"""Wagtail's "Editors" group pins editors' picks (wagtail.contrib.search_promotions: "Promoted
search results" in the admin) and sees the popular queries. Nothing else of search."""

from django.db import migrations

GROUP = "Editors"
APP = "wagtailsearchpromotions"
PERMISSIONS = ["add_searchpromotion", "change_searchpromotion", "delete_searchpromotion", "view_searchpromotion"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():  # permissions are normally made after migrate
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label=APP, codename__in=PERMISSIONS))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=APP, codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        (APP, "0008_query_verbose_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
