"""The API keys and tokens now belong to pydotorg.api, whose 0001 took over their tables
(renamed, rows kept): drop them from this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("downloads", "0002_operating_systems"),
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ApiKey"), migrations.DeleteModel(name="ApiToken")],
        ),
    ]
