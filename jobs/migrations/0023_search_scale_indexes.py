"""Search at any table size: an index for the city filter through the place key.

`city_key` (the place's key, so 上海 and Shanghai meet), then public()'s columns
in the newest-first order: a city's page walks its own roles in order, its
capped count (`SEARCH_COUNT_CAP`) reads the index alone, and a keyword search in
a city walks it checking the GIN-indexed vector. The other filters are served by
the existing indexes (newest, salary, the skills' through tables, the GIN index).
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_user_language'),
        ('jobs', '0022_webhooks'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='role',
            index=models.Index(fields=['city_key', 'status', '-published_at', '-id', 'valid_until', 'company_id'], name='jobs_role_city_newest_idx'),
        ),
    ]
