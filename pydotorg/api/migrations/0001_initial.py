"""The API's credentials move here from downloads, keeping every key: the models are created
in the migration state only (on the tables downloads made), then the tables are renamed
(downloads_apikey → api_apikey). downloads' 0003 then drops them from its state. The
content types move along, so permissions given on them are kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import pydotorg.api.models

MODELS = ["apikey", "apitoken"]


def move_content_types(apps, schema_editor, source="downloads", target="api"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="api", target="downloads")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("downloads", "0002_operating_systems"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiKey",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(default=pydotorg.api.models.new_key, max_length=128, unique=True)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_key",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"verbose_name": "API key", "db_table": "downloads_apikey"},
                ),
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(default=pydotorg.api.models.new_key, max_length=128, unique=True)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_token",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"verbose_name": "API token", "db_table": "downloads_apitoken"},
                ),
            ],
        ),
        # The tables take this app's names (api_apikey, api_apitoken), rows and all.
        migrations.AlterModelTable(name="apikey", table=None),
        migrations.AlterModelTable(name="apitoken", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
