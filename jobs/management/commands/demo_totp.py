"""`python manage.py demo_totp`: the current TOTP code of a demo account.

Lets someone try the admin (which requires MFA) without a phone. Refuses any
account outside the demo domain: real accounts' codes are never printed.
"""

import time

from allauth.mfa import app_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from jobs.demo.builders import DEMO_DOMAIN


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account (demo domain only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "email",
            nargs="?",
            default=f"staff@{DEMO_DOMAIN}",
            help=f"a demo account (default staff@{DEMO_DOMAIN})",
        )

    def handle(self, *args, email: str, **options) -> None:
        email = email.strip().lower()
        if not email.endswith(f"@{DEMO_DOMAIN}"):
            raise CommandError(f"Only demo accounts (@{DEMO_DOMAIN}) are allowed.")
        authenticator = Authenticator.objects.filter(
            user__in=User.objects.filter(email__iexact=email),
            type=Authenticator.Type.TOTP,
        ).first()
        if authenticator is None:
            raise CommandError(f"{email} has no authenticator: run seed_demo first.")
        secret = get_adapter().decrypt(authenticator.data["secret"])
        period = app_settings.TOTP_PERIOD
        now = time.time()
        code = format_hotp_value(hotp_value(secret, int(now // period)))
        left = period - int(now % period)
        self.stdout.write(code)
        self.stderr.write(f"(valid for {left} more seconds)")
