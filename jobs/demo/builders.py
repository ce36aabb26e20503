"""Demo data for the embedded default, the browser tests and the benchmarks.

Every function here is idempotent: running the seed again keeps what exists and
adds only what is missing, so `seed_demo` can be re-run on a live demo site.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import (
    AccountType,
    CandidateProfile,
    DegreeLevel,
    Education,
    LanguageSkill,
    Position,
    PositionKind,
    Skill,
    User,
    Visibility,
)
from accounts.skills import skill_display_name, skill_key
from jobs.demo import data as demo_data
from jobs.engines.places import find_place
from jobs.models import (
    Application,
    Company,
    CompanySize,
    MemberRole,
    Membership,
    Role,
    RoleStatus,
    ScreeningRun,
    Stage,
    WorkMode,
)
from jobs.services.pipeline import queue_rescreen
from jobs.services.places import link_desired_places
from jobs.services.roles import update_search_vectors
from jobs.validators import make_credit_code

DEMO_PASSWORD = "k-talent-demo"
DEMO_DOMAIN = "demo.k-talent.test"
# The demo staff account's TOTP key (base32). Public on purpose: it is printed so
# anyone can add it to an authenticator app, or run `manage.py demo_totp`.
DEMO_TOTP_SECRET = "KTALENTDEMOSTAFFKTALENTDEMOSTAFF"


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
def seed_demo(*, candidates: int = 20, employers: int = 5, roles: int = 30) -> dict:
    """Seed the demo accounts, `candidates` seekers, `employers` employers with a
    verified company each, `roles` roles across them, and applications."""
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
    staff_totp = _demo_staff_totp(logins[2].email)
    profiles = _seed_profiles()
    # Bulk inserts send no profile_changed signal: queue the screening of every
    # candidate not screened yet, after commit (in-process when there is no broker).
    queue_rescreen(kind=ScreeningRun.Kind.STALE)
    companies = _seed_companies(employers)
    roles_created = _seed_roles(companies, roles)
    applications = _seed_applications(companies[0])
    return {
        "logins": logins,
        "users_created": created,
        "profiles_created": profiles,
        "companies": len(companies),
        "roles_created": roles_created,
        "applications_created": applications,
        "staff_totp": staff_totp,
    }


def _demo_staff_totp(email: str) -> dict:
    """Give the demo staff account the demo TOTP key (the admin requires MFA).

    Idempotent: an authenticator with another key is replaced by the demo one.
    """
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    user = User.objects.get(email=email)
    adapter = get_adapter()
    current = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).first()
    if current is not None and adapter.decrypt(current.data["secret"]) != (
        DEMO_TOTP_SECRET
    ):
        current.delete()
        current = None
    if current is None:
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return {
        "secret": DEMO_TOTP_SECRET,
        "uri": adapter.build_totp_url(user, DEMO_TOTP_SECRET),
    }


def _skills_by_key(names: set[str]) -> dict[str, Skill]:
    keys = {skill_key(n): n for n in names}
    existing = {s.slug for s in Skill.objects.filter(slug__in=keys)}
    Skill.objects.bulk_create(
        [
            Skill(slug=k, name=skill_display_name(k, n))
            for k, n in keys.items()
            if k not in existing
        ],
        ignore_conflicts=True,
    )
    return {s.slug: s for s in Skill.objects.filter(slug__in=keys)}


def _random_birth_date(rng: random.Random, today: date) -> date | None:
    """Ages across the K-visa bands: mostly 24-35, some 36-45, a few older or missing."""
    band = rng.random()
    if band < 0.05:
        return None
    if band < 0.75:
        age = rng.randint(24, 35)
    elif band < 0.93:
        age = rng.randint(36, 45)
    else:
        age = rng.randint(46, 55)
    return today - timedelta(days=age * 365 + rng.randint(0, 364))


def _seed_profiles() -> int:
    """Give every demo seeker without a profile a varied, realistic one."""
    seekers = list(
        User.objects.filter(
            account_type=AccountType.SEEKER,
            profile__isnull=True,
            email__endswith=DEMO_DOMAIN,
        )
        .order_by("pk")
        .only("pk", "email")
    )
    if not seekers:
        return 0
    today = timezone.localdate()
    skills = _skills_by_key({n for _f, _k, names in demo_data.FIELDS for n in names})
    profiles, plans = [], []
    for user in seekers:
        # Seeded per user, so the same account always gets the same profile.
        rng = random.Random(user.email)
        given, family, nationality = rng.choice(demo_data.PEOPLE)
        field, _kind, field_skills = rng.choice(demo_data.FIELDS)
        visibility = rng.choices(
            [Visibility.VERIFIED_EMPLOYERS, Visibility.APPLIED_ONLY, Visibility.HIDDEN],
            [7, 2, 1],
        )[0]
        consented = timezone.now() if visibility != Visibility.HIDDEN else None
        profiles.append(
            CandidateProfile(
                user=user,
                given_name=given,
                family_name=family,
                headline=rng.choice(demo_data.ROLE_TITLES),
                nationality=nationality,
                country=nationality,
                date_of_birth=_random_birth_date(rng, today),
                desired_roles=rng.choice(demo_data.ROLE_TITLES),
                desired_cities=_desired_cities(rng, user.email),
                salary_expectation_cny=rng.randrange(180_000, 900_000, 10_000),
                hsk_level=rng.choice([None, 0, 0, 1, 2, 3, 4, 5, 6]),
                publications=rng.choice([0, 0, 1, 3, 8, 20]),
                patents=rng.choice([0, 0, 0, 1, 2]),
                years_working_in_china=rng.choice([0, 0, 0, 1, 2, 5]),
                fortune500_experience=rng.random() < 0.2,
                visibility=visibility,
                consent_share_at=consented,
                consent_cross_border_at=consented,
            )
        )
        plans.append((rng, field, field_skills))
    CandidateProfile.objects.bulk_create(profiles, batch_size=1000)
    profiles = list(
        CandidateProfile.objects.filter(user__in=seekers).order_by("user_id")
    )
    link_desired_places(profiles=profiles)

    degrees, positions, languages, skill_links = [], [], [], []
    through = Skill.profiles.through
    for profile, (rng, field, field_skills) in zip(profiles, plans, strict=True):
        level = rng.choices(
            [
                DegreeLevel.BACHELOR,
                DegreeLevel.MASTER,
                DegreeLevel.DOCTORATE,
                DegreeLevel.ASSOCIATE,
            ],
            [35, 40, 20, 5],
        )[0]
        institution, country = rng.choice(demo_data.INSTITUTIONS)
        finished = today - timedelta(days=rng.randint(-300, 12 * 365))
        expected = finished > today
        degrees.append(
            Education(
                profile=profile,
                level=level,
                field=field,
                institution=institution,
                country=country,
                start_date=finished
                - timedelta(days=365 * (2 if level == DegreeLevel.MASTER else 4)),
                conferred_date=finished,
                expected=expected,
            )
        )
        start = min(finished, today) + timedelta(days=60)
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            if start >= today:
                break
            kind = rng.choice(list(PositionKind))
            end = start + timedelta(days=rng.randint(300, 1500))
            current = end >= today
            organisation = rng.choice(
                demo_data.RESEARCH_ORGS
                if kind in (PositionKind.RESEARCH, PositionKind.TEACHING)
                else demo_data.COMPANIES
            )
            positions.append(
                Position(
                    profile=profile,
                    title=rng.choice(demo_data.ROLE_TITLES),
                    organisation=organisation,
                    kind=kind,
                    field=field,
                    start_date=start,
                    end_date=None if current else end,
                )
            )
            start = end + timedelta(days=30)
        languages.append(
            LanguageSkill(
                profile=profile,
                language="en",
                level=rng.choice(["native", "fluent", "professional"]),
            )
        )
        for name in rng.sample(field_skills, min(len(field_skills), rng.randint(2, 5))):
            skill_links.append(
                through(
                    candidateprofile_id=profile.pk, skill_id=skills[skill_key(name)].pk
                )
            )
    Education.objects.bulk_create(degrees, batch_size=1000)
    Position.objects.bulk_create(positions, batch_size=1000)
    LanguageSkill.objects.bulk_create(languages, batch_size=1000)
    through.objects.bulk_create(skill_links, batch_size=1000, ignore_conflicts=True)
    return len(profiles)


def _company_plan(index: int) -> Company:
    """The demo company number `index` (0 is the demo employer's): always the same."""
    cities = list(demo_data.CITY_DIVISIONS)
    city = cities[index % len(cities)]
    stems = demo_data.COMPANY_STEMS
    name, name_zh, industry = stems[index % len(stems)]
    series = index // len(stems)
    number = "" if series == 0 else f" {series + 1}"
    return Company(
        name=f"{name} {city}{number}",
        name_zh=f"{name_zh}（{city}）{number.strip()}有限公司",
        credit_code=make_credit_code(
            division=demo_data.CITY_DIVISIONS[city], serial=90_000_000 + index
        ),
        city=city,
        industry=industry,
        size=list(CompanySize)[index % len(CompanySize)],
        website=f"https://company{index}.example.com",
        description=f"{name} builds {demo_data.ROLE_PRODUCTS[index % 8]} in {city}.",
        verified_at=timezone.now(),
    )


def _seed_companies(employers: int) -> list[Company]:
    """One verified company per demo employer, created once; in index order."""
    emails = [f"employer@{DEMO_DOMAIN}"] + [
        f"employer{i}@{DEMO_DOMAIN}" for i in range(1, employers + 1)
    ]
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    plans = [_company_plan(i) for i in range(len(emails))]
    Company.objects.bulk_create(plans, batch_size=1000, ignore_conflicts=True)
    by_code = {
        c.credit_code: c
        for c in Company.objects.filter(credit_code__in=[p.credit_code for p in plans])
    }
    companies = [by_code[p.credit_code] for p in plans]
    Membership.objects.bulk_create(
        [
            Membership(company=company, user=users[email], role=MemberRole.OWNER)
            for email, company in zip(emails, companies, strict=True)
        ],
        batch_size=1000,
        ignore_conflicts=True,  # the user already has a membership
    )
    return companies


def _city_name(city: str, language: str) -> str:
    known = find_place(city)
    return known.name_for(language) if known else city


def _desired_cities(rng: random.Random, email: str) -> str:
    """Two cities, as seekers type them: mostly in English, some in Chinese."""
    cities = rng.sample(demo_data.CITIES_CN, 2)
    chinese = random.Random(f"cities-{email}").random() < 0.3
    return ", ".join(_city_name(c, "zh") if chinese else c for c in cities)


def _written_city(city: str, rng: random.Random, *, chinese: bool) -> str:
    """The city as an employer types it: Beijing, 北京 or 北京市."""
    if not chinese and rng.random() < 0.8:
        return city
    return _city_name(city, "zh") + rng.choice(["", "市"])


def _seed_roles(companies: list[Company], target: int) -> int:
    """Roles across the demo companies until there are `target`; mostly published."""
    existing = Role.objects.filter(company__in=companies).count()
    if existing >= target or not companies:
        return 0
    today = timezone.localdate()
    now = timezone.now()
    kinds = demo_data.ROLE_KINDS
    kinds_zh = demo_data.ROLE_KINDS_ZH
    skills = _skills_by_key(
        {n for _t, _f, names, _b in [*kinds, *kinds_zh] for n in names}
    )
    cities = list(demo_data.CITY_DIVISIONS)
    created = 0
    # In batches, each written with its skills and search columns before the next
    # is built: memory stays flat however many roles are asked for.
    for start in range(existing, target, _ROLE_BATCH):
        created += _seed_role_batch(
            companies,
            range(start, min(start + _ROLE_BATCH, target)),
            skills=skills,
            cities=cities,
            today=today,
            now=now,
        )
    return created


_ROLE_BATCH = 2_000


def _seed_role_batch(
    companies: list[Company], indexes: range, *, skills, cities, today, now
) -> int:
    kinds = demo_data.ROLE_KINDS
    kinds_zh = demo_data.ROLE_KINDS_ZH
    new_roles, role_skills = [], []
    for index in indexes:
        rng = random.Random(f"role-{index}")
        company = companies[index % len(companies)]
        # As employers post: one role in five in Chinese only, one in three in
        # both languages, the rest in English; cities written either way.
        language = "zh" if index % 5 == 2 else "both" if index % 3 == 1 else "en"
        if language == "zh":
            title, field, names, (low, high) = kinds_zh[index // 5 % len(kinds_zh)]
        else:
            title, field, names, (low, high) = kinds[index % len(kinds)]
        salary_min = rng.randrange(low, (low + high) // 2, 10_000)
        salary_max = rng.randrange(salary_min + 50_000, high + 60_000, 10_000)
        city = company.city if rng.random() < 0.8 else rng.choice(cities)
        city = _written_city(city, rng, chinese=language != "en")
        status = rng.choices(
            [
                RoleStatus.PUBLISHED,
                RoleStatus.DRAFT,
                RoleStatus.PENDING,
                RoleStatus.CLOSED,
            ],
            [82, 6, 6, 6],
        )[0]
        posted = now - timedelta(days=rng.randint(0, 29), hours=rng.randint(0, 23))
        size = rng.choice([5, 8, 12, 20, 40])
        description = demo_data.ROLE_DESCRIPTION.format(
            team=field.lower(),
            city=_city_name(city, "en"),
            product=rng.choice(demo_data.ROLE_PRODUCTS),
            size=size,
            salary_min=salary_min,
            salary_max=salary_max,
        )
        description_zh = demo_data.ROLE_DESCRIPTION_ZH.format(
            team="研发",
            city=_city_name(city, "zh"),
            product=rng.choice(demo_data.ROLE_PRODUCTS_ZH),
            size=size,
            salary_min=salary_min,
            salary_max=salary_max,
        )
        title_zh = demo_data.ROLE_TITLES_ZH.get(title, "") if language == "both" else ""
        if language == "zh":
            description, description_zh = description_zh, ""
        elif language == "en":
            description_zh = ""
        was_published = status in (RoleStatus.PUBLISHED, RoleStatus.CLOSED)
        new_roles.append(
            Role(
                company=company,
                title=title,
                title_zh=title_zh,
                description=description,
                description_zh=description_zh,
                skills_text=", ".join(skills[skill_key(n)].name for n in names),
                field_of_study=field,
                min_degree=rng.choice(
                    ["", "bachelor", "master", "master", "doctorate"]
                ),
                years_experience=rng.choice([0, 1, 2, 3, 5, 8]),
                salary_min=salary_min,
                salary_max=salary_max,
                city=city,
                work_mode=rng.choices(list(WorkMode), [70, 22, 8])[0],
                months_in_china=rng.choice([12, 12, 12, 10, 6]),
                k_visa_welcome=rng.random() < 0.85,
                sponsors_work_permit=rng.random() < 0.6,
                english_level=rng.choice(
                    ["professional", "fluent", "intermediate", ""]
                ),
                hsk_level=rng.choice([0, 0, 0, 1, 2, 3, 4]),
                openings=rng.choice([1, 1, 2, 3, 5]),
                valid_until=today + timedelta(days=rng.randint(1, 90)),
                status=status,
                submitted_at=posted if status != RoleStatus.DRAFT else None,
                published_at=posted if was_published else None,
                closed_at=now if status == RoleStatus.CLOSED else None,
            )
        )
        role_skills.append([skills[skill_key(n)].pk for n in names])
    created = Role.objects.bulk_create(new_roles, batch_size=1000)
    through = Role.required_skills.through
    through.objects.bulk_create(
        [
            through(role_id=role.pk, skill_id=skill_id)
            for role, ids in zip(created, role_skills, strict=True)
            for skill_id in ids
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    update_search_vectors(Role.objects.filter(pk__in=[role.pk for role in created]))
    return len(created)


def _seed_applications(company: Company) -> int:
    """Demo seekers' applications to the demo employer's roles, in every stage."""
    seekers = list(
        User.objects.filter(
            account_type=AccountType.SEEKER, email__endswith=f"@{DEMO_DOMAIN}"
        )
        .exclude(email=f"seeker@{DEMO_DOMAIN}")
        .order_by("pk")
        .values_list("pk", flat=True)[:60]
    )
    roles = list(
        Role.objects.filter(
            company=company, status__in=[RoleStatus.PUBLISHED, RoleStatus.CLOSED]
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:20]
    )
    if not seekers or not roles:
        return 0
    stages = list(Stage)
    planned = []
    for role_index, role_id in enumerate(roles):
        rng = random.Random(f"applications-{role_id}")
        chosen = rng.sample(seekers, min(len(seekers), rng.randint(2, 7)))
        for n, seeker_id in enumerate(chosen):
            planned.append(
                Application(
                    role_id=role_id,
                    candidate_id=seeker_id,
                    cover_note="I would like to join your team.",
                    stage=stages[(role_index + n) % len(stages)],
                )
            )
    before = Application.objects.count()
    Application.objects.bulk_create(planned, batch_size=1000, ignore_conflicts=True)
    return Application.objects.count() - before
