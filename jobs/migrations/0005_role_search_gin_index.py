"""A GIN index on the roles' stored search vector, on PostgreSQL only.

SQLite has no tsvector; there the search falls back to LIKE and the column
stays empty, so the index is created only where it can be used.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS jobs_role_search_gin "
            "ON jobs_role USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS jobs_role_search_gin")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0004_companies_roles_applications")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
