"""python.org's operating systems with their stable keys (the release script decides
`is_source` by "OS pk == 3")."""

from django.core.management.color import no_style
from django.db import migrations

OPERATING_SYSTEMS = [(1, "Windows", "windows"), (2, "macOS", "macos"), (3, "Source release", "source"),
                     (4, "Android", "android"), (5, "iOS", "ios")]  # fmt: skip


def create(apps, schema_editor):
    OperatingSystem = apps.get_model("downloads", "OperatingSystem")
    for pk, name, slug in OPERATING_SYSTEMS:
        OperatingSystem.objects.get_or_create(pk=pk, defaults={"name": name, "slug": slug})
    # Explicit keys leave PostgreSQL's sequence behind: move it past them.
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [OperatingSystem]):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("downloads", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
