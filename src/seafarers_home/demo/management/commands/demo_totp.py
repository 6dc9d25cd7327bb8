"""Print the current TOTP code of a demo staff account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seafarers_home.demo.services import NotADemoAccount, demo_totp_code


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo staff account (demo accounts only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("phone")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            code = demo_totp_code(options["phone"])
        except NotADemoAccount as exc:
            raise CommandError(
                f"{exc.args[0]} is not a demo staff account with a TOTP device"
            ) from exc
        self.stdout.write(code)
