"""Moderators and Support may view API keys (never create, change or revoke them).

Runs the groups migration's function again now that the ApiKey model exists, so
the groups get exactly 0009's list (which names `view_apikey`).
"""

import importlib

from django.db import migrations

_groups = importlib.import_module("jobs.migrations.0009_groups")


def grant(apps, schema_editor):
    _groups.create_groups(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0020_api_keys")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
