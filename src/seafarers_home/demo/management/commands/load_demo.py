"""Load the Zhoushan demo data set (idempotent: `make run` calls it every time)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seafarers_home.demo.data import DEMO_PASSWORD
from seafarers_home.demo.services import do_load_demo


class Command(BaseCommand):
    help = "Create the demo organisations, vessels, seafarers and staff; print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--extra-seafarers",
            type=int,
            default=0,
            metavar="N",
            help="N more seafarers (13900002001 ...) for the load test: one account per person",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = do_load_demo(extra_seafarers=options["extra_seafarers"])
        except ValueError as exc:  # an extra-seafarer count out of range
            raise CommandError(str(exc)) from exc
        if result.created:
            made = ", ".join(f"{count} {what}" for what, count in sorted(result.created.items()))
            self.stdout.write(f"demo data created: {made}")
        else:
            self.stdout.write("demo data already present: nothing to create")
        for phone in result.skipped_phones:
            self.stderr.write(f"skipped {phone}: the number belongs to a non-demo account")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        header = f"{'phone':<12} {'name':<6} {'role':<32} TOTP secret (staff)"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for login in result.logins:
            # Chinese names are double width: pad by display columns, not characters.
            name = login.name + " " * max(0, 6 - 2 * len(login.name))
            self.stdout.write(
                f"{login.phone:<12} {name} {login.label:<32} {login.totp_secret or '-'}"
            )
        self.stdout.write("Staff: current code with `manage.py demo_totp <phone>`.")
