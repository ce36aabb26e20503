"""The jobs admin, one module per subject; importing them registers the admins.

companies_roles: companies, roles, applications and their moderation;
screening: stored verdicts, their history and re-screen runs;
rules: the screening rules, city wages and institutions; places: the cities;
api_keys: company and staff API keys;
dashboard: the staff dashboard on the admin index; history: the audited base;
webhooks: companies' webhook endpoints and deliveries (read-mostly).
"""

from jobs.admin import (  # noqa: F401
    api_keys,
    companies_roles,
    places,
    rules,
    screening,
    webhooks,
)
