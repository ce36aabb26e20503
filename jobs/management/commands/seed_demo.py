"""`python manage.py seed_demo`: demo accounts and data, safe to run again."""

from django.core.management.base import BaseCommand, CommandParser

from jobs.demo.builders import seed_demo


class Command(BaseCommand):
    help = "Create demo accounts and data (idempotent). Prints the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--candidates",
            type=int,
            default=20,
            help="job seekers to create (default 20)",
        )
        parser.add_argument(
            "--employers",
            type=int,
            default=5,
            help="employer accounts to create (default 5)",
        )
        parser.add_argument(
            "--roles",
            type=int,
            default=30,
            help="roles across the demo companies (default 30)",
        )

    def handle(
        self, *args, candidates: int, employers: int, roles: int, **options
    ) -> None:
        for name, value in (
            ("candidates", candidates),
            ("employers", employers),
            ("roles", roles),
        ):
            if value < 0:
                self.stderr.write(self.style.ERROR(f"--{name} must be 0 or more."))
                raise SystemExit(2)
        result = seed_demo(candidates=candidates, employers=employers, roles=roles)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({result['users_created']} new accounts, "
                f"{result['profiles_created']} new candidate profiles, "
                f"{result['roles_created']} new roles, "
                f"{result['applications_created']} new applications)."
            )
        )
        self.stdout.write("Demo logins:")
        for login in result["logins"]:
            self.stdout.write(
                f"  {login.role:<11} {login.email}  password: {login.password}"
            )
        totp = result["staff_totp"]
        self.stdout.write(
            "The admin needs a TOTP code after the staff password. Add this key to an "
            "authenticator app, or print the current code with "
            "`python manage.py demo_totp`:"
        )
        self.stdout.write(f"  staff TOTP key: {totp['secret']}")
        self.stdout.write(f"  {totp['uri']}")
