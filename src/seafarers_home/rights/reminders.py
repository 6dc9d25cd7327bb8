"""Deadline reminders (issue 11 item 5): the legal worker who holds a case hears 60, 30 and
7 days before one of its time limits ends; a case nobody holds with a limit 30 days or less
away goes to the union's rights officers (by SMS too). Each reminder once: the notification's
dedupe key names the case, the limit and the step. A case first seen inside a step (opened
with 20 days left) gets that step's reminder only, not the earlier ones too."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.rights.categories import get_category
from seafarers_home.rights.deadlines import deadlines_for
from seafarers_home.rights.models import FINAL_STATUSES, RightsCase, Status
from seafarers_home.rights.reporting import union_rights_officers

REMINDER_DAYS = (7, 30, 60)
ESCALATE_UNHELD_DAYS = 30
OWNER_MESSAGE = gettext_lazy("您办理的维权案件有一项时效将在 %(days)s 天内届满。")
UNHELD_MESSAGE = gettext_lazy("有一个无人负责的维权案件,时效将在 %(days)s 天内届满,请尽快指派。")


def send_deadline_reminders(today: date | None = None) -> int:
    """Send the reminders due today; how many notifications were sent."""
    today = today or timezone.localdate()
    sent = 0
    officers = None
    cases = RightsCase.objects.exclude(status__in=[Status.DRAFT, *FINAL_STATUSES])
    for case in cases.select_related("owner").iterator():
        for deadline in deadlines_for(get_category(case.category), case.details, today):
            step = next((d for d in REMINDER_DAYS if 0 <= deadline.days_left <= d), None)
            if step is None:
                continue
            url = reverse("rights:work_case", kwargs={"pk": case.pk})
            key = f"rights.deadline.{case.pk}.{deadline.spec.code}.{step}"
            if case.owner is not None:
                people, message, sms = [case.owner], OWNER_MESSAGE, step == 7
            elif deadline.days_left <= ESCALATE_UNHELD_DAYS:
                officers = officers if officers is not None else union_rights_officers()
                people, message, sms = officers, UNHELD_MESSAGE, True
            else:
                continue
            for person in people:
                notification = do_send_notification(
                    person,
                    kind="rights.deadline",
                    message=message,
                    params={"days": step},
                    url=url,
                    dedupe_key=key,
                    sms=sms,
                )
                sent += notification is not None
    return sent
