"""Bilingual roles and search: Chinese title and description, stored search columns.

The data step joins skill tags the bilingual vocabulary now reads as one skill
(a tag 计算机视觉 becomes Computer vision, with its profiles and roles), then fills
every role's search columns and, on PostgreSQL, its vector (Chinese bigrams
included), as `jobs.services.roles.update_search_vectors` does from now on.
"""

from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

from accounts.skills import skill_key, vocabulary
from jobs.engines.places import city_key, place
from jobs.engines.search import index_text


def merge_skills(apps, schema_editor):
    Skill = apps.get_model("accounts", "Skill")
    Role = apps.get_model("jobs", "Role")
    throughs = [Role.required_skills.through, Role.preferred_skills.through]
    for skill in list(Skill.objects.all()):
        key = skill_key(skill.name)
        if key == skill.slug or key not in vocabulary():
            continue
        target, _created = Skill.objects.get_or_create(
            slug=key, defaults={"name": vocabulary()[key].name}
        )
        target.profiles.add(*skill.profiles.all())
        for through in throughs:
            for link in through.objects.filter(skill=skill):
                if not through.objects.filter(
                    role_id=link.role_id, skill=target
                ).exists():
                    through.objects.create(role_id=link.role_id, skill=target)
        skill.delete()


def fill_search_columns(apps, schema_editor):
    Role = apps.get_model("jobs", "Role")
    known = vocabulary()
    rows = list(
        Role.objects.select_related("company").prefetch_related(
            "required_skills", "preferred_skills"
        )
    )
    for role in rows:
        names: list[str] = []
        for skill in [*role.required_skills.all(), *role.preferred_skills.all()]:
            entry = known.get(skill.slug)
            names += [skill.name, entry.name, entry.name_zh] if entry else [skill.name]
        head = [role.title, role.title_zh, *dict.fromkeys(names)]
        body = [
            role.company.name,
            role.company.name_zh,
            role.city,
            *(place(role.city) or ()),
            role.description,
            role.description_zh,
        ]
        role.search_title = index_text(" | ".join(p for p in head if p))
        role.search_text = index_text(" | ".join(p for p in body if p))
        role.city_key = city_key(role.city)
    Role.objects.bulk_update(
        rows, ["search_title", "search_text", "city_key"], batch_size=500
    )
    if schema_editor.connection.vendor == "postgresql":
        Role.objects.update(
            search_vector=SearchVector("search_title", weight="A", config="english")
            + SearchVector("search_text", weight="C", config="english")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0013_layers_role_approved_by"),
        ("accounts", "0003_candidate_profile"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalrole",
            name="description_zh",
            field=models.TextField(
                blank=True,
                help_text="Optional: the description in Chinese (Markdown).",
                max_length=20000,
                verbose_name="description in Chinese",
            ),
        ),
        migrations.AddField(
            model_name="historicalrole",
            name="title_zh",
            field=models.CharField(
                blank=True,
                help_text="Optional: the title as Chinese-speaking seekers read it.",
                max_length=200,
                verbose_name="title in Chinese",
            ),
        ),
        migrations.AddField(
            model_name="role",
            name="description_zh",
            field=models.TextField(
                blank=True,
                help_text="Optional: the description in Chinese (Markdown).",
                max_length=20000,
                verbose_name="description in Chinese",
            ),
        ),
        migrations.AddField(
            model_name="role",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="role",
            name="search_title",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="role",
            name="title_zh",
            field=models.CharField(
                blank=True,
                help_text="Optional: the title as Chinese-speaking seekers read it.",
                max_length=200,
                verbose_name="title in Chinese",
            ),
        ),
        migrations.AddField(
            model_name="role",
            name="city_key",
            field=models.CharField(
                blank=True, db_index=True, editable=False, max_length=100
            ),
        ),
        migrations.RunPython(merge_skills, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(
            fill_search_columns, migrations.RunPython.noop, elidable=True
        ),
    ]
