"""Seed the city-wage and institution tables from the engine's shipped defaults.

The rows are copied once, at migrate time, from `jobs.engines.screening` (the pure engine):
from then on staff edit the tables and `jobs.rules.current_rules()` reads them.
"""

from django.db import migrations
from django.utils import timezone

SHIPPED = "shipped table (jobs/engines/screening/data)"


def seed(apps, schema_editor):
    from jobs.engines.screening.cities import DEFAULT_CITY_WAGES
    from jobs.engines.screening.institutions import load_institutions

    CityWage = apps.get_model("jobs", "CityWage")
    Institution = apps.get_model("jobs", "Institution")
    now = timezone.now()
    if not CityWage.objects.exists():
        CityWage.objects.bulk_create(
            CityWage(
                city=row.city,
                city_zh=row.city_zh,
                province=row.province,
                average_wage_cny=row.avg_wage_cny,
                year=row.year,
                source=row.source,
                location_points=row.location_points_region,
                is_active=True,
                updated_at=now,
            )
            for row in DEFAULT_CITY_WAGES
        )
    if not Institution.objects.exists():
        Institution.objects.bulk_create(
            (
                Institution(
                    key=inst.key,
                    name=inst.name,
                    country=inst.country,
                    kind=inst.kind,
                    rank_best=inst.rank_best,
                    rank_band=inst.rank_band,
                    ranking=inst.ranking,
                    ranking_year=inst.ranking_year,
                    double_first_class=inst.double_first_class,
                    national_research=inst.national_research,
                    name_zh=inst.name_zh,
                    aliases=list(inst.aliases),
                    source=SHIPPED,
                    updated_at=now,
                )
                for inst in load_institutions()
            ),
            batch_size=1000,
        )


def unseed(apps, schema_editor):
    apps.get_model("jobs", "CityWage").objects.all().delete()
    apps.get_model("jobs", "Institution").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_rules_and_reference_data")]

    operations = [migrations.RunPython(seed, unseed, elidable=True)]
