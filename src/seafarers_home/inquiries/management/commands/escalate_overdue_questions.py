"""Safety net for the promised answer time: escalate every overdue, unanswered question now.

Each question normally escalates through its own ``escalate_overdue_question`` task (enqueued
when it is asked, due at its promised time) that ``manage.py db_worker`` runs. Run this command
every few minutes as well (cron or a systemd timer on the worker host), so that a question
whose task row was lost or whose worker was down still reaches the duty clinician. Both paths
claim rows atomically: a question is escalated once, however often this runs.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from seafarers_home.inquiries.services_answer import escalate_overdue_questions


class Command(BaseCommand):
    help = "Escalate every online health question left unanswered past its promised time."

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_overdue_questions()
        self.stdout.write(f"escalated {count} question(s)")
