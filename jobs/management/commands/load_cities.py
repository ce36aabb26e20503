"""`python manage.py load_cities`: refresh the City table from the shipped file.

Creates or updates every city of `jobs/engines/data/cities.csv`, then resolves
the roles and seekers whose city was not recognised before.
"""

from django.core.management.base import BaseCommand

from accounts.models import CandidateProfile
from jobs.models import Role
from jobs.services.places import link_desired_places, load_cities
from jobs.services.roles import update_search_vectors


class Command(BaseCommand):
    help = "Load jobs/engines/data/cities.csv into the City table; re-resolve cities."

    def handle(self, *args, **options) -> None:
        created, updated = load_cities()
        unresolved = Role.objects.filter(city_unresolved=True)
        before = unresolved.count()
        update_search_vectors(unresolved)
        after = Role.objects.filter(city_unresolved=True).count()
        linked = link_desired_places(
            profiles=CandidateProfile.objects.exclude(desired_cities="").only(
                "pk", "desired_cities"
            )
        )
        self.stdout.write(
            f"cities: {created} created, {updated} updated; "
            f"roles resolved: {before - after}, still unresolved: {after}; "
            f"seekers' city links added: {linked}"
        )
