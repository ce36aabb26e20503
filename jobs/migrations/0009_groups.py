"""Staff groups with limited rights: "Moderators" and "Support".

Superusers keep every right; other staff get theirs from these groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    # Moderate employers: verify or reject companies, approve or reject roles.
    "Moderators": {
        "jobs": [
            "view_company",
            "change_company",
            "view_role",
            "change_role",
            "view_membership",
            "view_invitation",
            "view_apikey",  # added by 0021 (the model comes in 0020)
        ],
        "accounts": ["view_skill"],  # the role form's skill autocomplete
    },
    # Help people with their accounts and read (never run) the screening.
    "Support": {
        "accounts": [
            "view_user",
            "change_user",
            "view_candidateprofile",
            "change_candidateprofile",
            "view_education",
            "change_education",
            "view_position",
            "change_position",
            "view_languageskill",
            "change_languageskill",
            "view_skill",
            "view_accountdeletion",
        ],
        "jobs": [
            "view_screening",
            "view_screeningchange",
            "view_screeningrun",
            "view_rulesconfiguration",
            "view_citywage",
            "view_institution",
            "view_apikey",  # added by 0021 (the model comes in 0020)
        ],
    },
}


def _model_exists(apps, app: str, codename: str) -> bool:
    """False for a permission whose model a later migration creates: a fresh
    database gets it when that migration runs this function again (0021)."""
    try:
        apps.get_model(app, codename.split("_", 1)[1])
    except LookupError:
        return False
    return True


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate): make
    # them now so a fresh database gets complete groups.
    for label in ("accounts", "jobs"):
        app_config = apps.get_app_config(label)
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True  # migration state has none
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [
            (app, codename)
            for app, codes in by_app.items()
            for codename in codes
            if _model_exists(apps, app, codename)
        ]
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.set(permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0003_candidate_profile"),
        ("jobs", "0008_history"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
