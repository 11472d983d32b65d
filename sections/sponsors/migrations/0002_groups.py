"""The "Sponsorship team" group (Wagtail admin access, the catalogue, sponsors, sponsorships,
contracts and assets, and `manage_sponsorships`: approve, reject, send and execute contracts)
and the "Sponsor publishers" group (only `sponsor_publisher`: read the logo-placement and
sponsorship-assets API, as PyPI's API user does)."""

from django.db import migrations

CRUD = ["view", "add", "change", "delete"]
GROUPS = {
    "Sponsorship team": {
        "sponsorshipprogram": CRUD,
        "sponsorshippackage": CRUD,
        "sponsorshipbenefit": CRUD,
        "legalclause": CRUD,
        "sponsorshipsettings": ["view", "change"],
        "sponsor": CRUD,
        "sponsorship": [*CRUD, "manage"],
        "contract": CRUD,
        "asset": CRUD,
    },
    "Sponsor publishers": {"sponsor": ["sponsor_publisher"]},
}
SPECIAL = {"manage_sponsorship": "manage_sponsorships", "sponsor_publisher_sponsor": "sponsor_publisher"}


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name, models in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        # Permissions are normally made after migrations (post_migrate): make the ones we need now.
        for model, actions in models.items():
            content_type, _ = ContentType.objects.get_or_create(app_label="sponsors", model=model)
            for action in actions:
                codename = SPECIAL.get(f"{action}_{model}", f"{action}_{model}")
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type, codename=codename, defaults={"name": f"Can {action} {model}"}
                )
                group.permissions.add(permission)
        if name == "Sponsorship team":
            admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
            access, _ = Permission.objects.get_or_create(
                content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
            )
            group.permissions.add(access)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(GROUPS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sponsors", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
