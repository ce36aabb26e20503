"""Indexes for the role search: public roles counted and paged from indexes alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0005_role_search_gin_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="role",
            name="jobs_role_public_idx",
        ),
        migrations.AddIndex(
            model_name="role",
            index=models.Index(
                fields=["status", "valid_until", "company_id"],
                name="jobs_role_public_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="role",
            index=models.Index(
                fields=["status", "-published_at", "-id", "valid_until", "company_id"],
                name="jobs_role_public_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="role",
            index=models.Index(
                fields=[
                    "status",
                    "-salary_max",
                    "-salary_min",
                    "-id",
                    "valid_until",
                    "company_id",
                ],
                name="jobs_role_public_salary_idx",
            ),
        ),
    ]
