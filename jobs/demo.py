"""Demo data for the embedded default, the browser tests and the benchmarks.

Every function here is idempotent: running the seed again keeps what exists and
adds only what is missing, so `seed_demo` can be re-run on a live demo site.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import AccountType, User

DEMO_PASSWORD = "k-talent-demo"
DEMO_DOMAIN = "demo.k-talent.test"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


def _verified_users(emails_and_types: list[tuple[str, str, bool]]) -> int:
    """Create missing users with verified primary emails, in bulk. Returns how many."""
    existing = set(
        User.objects.filter(email__in=[e for e, _, _ in emails_and_types]).values_list(
            "email", flat=True
        )
    )
    # One hash for every demo user: hashing 100,000 passwords would take minutes.
    password = make_password(DEMO_PASSWORD)
    new_users = [
        User(
            email=email,
            account_type=account_type,
            is_staff=staff,
            is_superuser=staff,
            password=password,
        )
        for email, account_type, staff in emails_and_types
        if email not in existing
    ]
    User.objects.bulk_create(new_users, batch_size=1000)
    created = User.objects.filter(email__in=[u.email for u in new_users])
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=u, email=u.email, verified=True, primary=True)
            for u in created
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return len(new_users)


@transaction.atomic
def seed_demo(*, candidates: int = 20, employers: int = 5) -> dict:
    """Seed the demo accounts plus `candidates` seekers and `employers` employers."""
    logins = [
        DemoLogin("job seeker", f"seeker@{DEMO_DOMAIN}", DEMO_PASSWORD),
        DemoLogin("employer", f"employer@{DEMO_DOMAIN}", DEMO_PASSWORD),
        DemoLogin("staff", f"staff@{DEMO_DOMAIN}", DEMO_PASSWORD),
    ]
    rows = [
        (logins[0].email, AccountType.SEEKER, False),
        (logins[1].email, AccountType.EMPLOYER, False),
        (logins[2].email, "", True),
    ]
    rows += [
        (f"candidate{i}@{DEMO_DOMAIN}", AccountType.SEEKER, False)
        for i in range(1, candidates + 1)
    ]
    rows += [
        (f"employer{i}@{DEMO_DOMAIN}", AccountType.EMPLOYER, False)
        for i in range(1, employers + 1)
    ]
    created = _verified_users(rows)
    return {"logins": logins, "users_created": created}
