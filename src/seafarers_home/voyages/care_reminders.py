"""Care-task reminders: a "due soon" reminder once, an "overdue" reminder once, and the at-sea
help reminder.

Each reminder is **claimed** in the same statement that selects it —
``UPDATE … SET reminded_at = now WHERE id IN (…) AND reminded_at IS NULL RETURNING …`` (SQLite
3.35+ and PostgreSQL) — so two runs, two workers or a run beside the cron command never send one
twice: a row the other claimed no longer matches. The claim and the notifications commit
together (an SMS goes out after commit); the notification's ``dedupe_key`` guards again.

Reminders to one person from one claim batch are **grouped**: three pre-departure tasks
falling due together give one SMS ("您有3项……"), not three. The messages say only that a care
task is waiting: no health details (SMS is not confidential). Follow-up contacts remind the
assigned counsellor, not the seafarer.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import User
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.notifications.bulk import Outgoing, do_send_notifications
from seafarers_home.voyages.models import CarePlanStep, CareTask

if TYPE_CHECKING:
    from seafarers_home.voyages.care import Plan, RunReport

Kind = CarePlanStep.Kind
DUE_SOON = datetime.timedelta(days=2)
CLAIM_BATCH = 500

# Lazy, rendered in each recipient's language by do_send_notification; no "please sign in".
DUE_MESSAGE = gettext_lazy("您有 %(n)s 项出海关怀任务待完成。")
OVERDUE_MESSAGE = gettext_lazy("您有 %(n)s 项出海关怀任务已过期未完成。")
FOLLOW_UP_DUE_MESSAGE = gettext_lazy("您有 %(n)s 项归港随访待联系。")
FOLLOW_UP_OVERDUE_MESSAGE = gettext_lazy("您有 %(n)s 项归港随访已超期未联系,请尽快处理。")
HELP_MESSAGE = gettext_lazy(
    "出海平安!需要帮助时,可拨打心理热线 %(hotline)s 或全国心理援助热线 %(national)s,"
    "也可在海员之家留言。"
)


def _claim(
    column: str,
    where: str,
    params: list[Any],
    now: datetime.datetime,
    extra_set: str = "",
) -> list[tuple[int, int, int | None, int]]:
    """Claim up to CLAIM_BATCH open tasks matching ``where``; returns (id, seafarer_id,
    assigned_to_id, step_id) of the rows this call claimed."""
    task_table = CareTask._meta.db_table
    step_table = CarePlanStep._meta.db_table
    stamp = connection.ops.adapt_datetimefield_value(now)
    sql = f"""
        UPDATE {task_table} SET {column} = %s, updated_at = %s{extra_set}
        WHERE id IN (
            SELECT t.id FROM {task_table} t JOIN {step_table} s ON s.id = t.step_id
            WHERE t.status = 'open' AND t.{column} IS NULL AND {where}
            ORDER BY t.seafarer_id, t.id LIMIT {CLAIM_BATCH:d}
        ) AND {column} IS NULL AND status = 'open'
        RETURNING id, seafarer_id, assigned_to_id, step_id
    """  # noqa: S608 - table and column names are ours, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [stamp, stamp, *params])
        return [tuple(row) for row in cursor.fetchall()]


def _notify(
    rows: list[tuple[int, int, int | None, int]],
    plan: Plan,
    reminder: str,
    one_by_one: bool = False,
) -> int:
    """One notification per recipient for the claimed rows; returns how many tasks it covered."""
    groups: dict[tuple[int, bool], list[int]] = defaultdict(list)
    for task_id, seafarer_id, assigned_to_id, step_id in rows:
        if plan.by_id[step_id].kind == Kind.FOLLOW_UP_CONTACT:
            if assigned_to_id is None:
                continue  # no counsellor on the books: shown unassigned on the follow-up list
            groups[(assigned_to_id, True)].append(task_id)
        else:
            groups[(seafarer_id, False)].append(task_id)
    users = User.objects.in_bulk({user_id for user_id, _f in groups})
    urls = {True: reverse("voyages:follow_ups"), False: reverse("voyages:tasks")}
    outgoing: list[Outgoing] = []
    for (user_id, follow_up), task_ids in groups.items():
        if follow_up:
            text = FOLLOW_UP_DUE_MESSAGE if reminder == "due" else FOLLOW_UP_OVERDUE_MESSAGE
        else:
            text = DUE_MESSAGE if reminder == "due" else OVERDUE_MESSAGE
        outgoing.append(
            Outgoing(
                users[user_id],
                kind=f"care_task.{reminder}",
                message=text,
                params={"n": len(task_ids)},
                url=urls[follow_up],
                dedupe_key=f"care_task.{reminder}.{min(task_ids)}",
            )
        )
    _send(outgoing, one_by_one)
    return len(rows)


def _send(outgoing: list[Outgoing], one_by_one: bool) -> None:
    """In bulk (one INSERT per batch); ``one_by_one`` keeps the reference path that the
    equivalence test compares the bulk run with."""
    if not one_by_one:
        do_send_notifications(outgoing)
        return
    for item in outgoing:
        do_send_notification(
            item.user,
            kind=item.kind,
            message=item.message,
            params=item.params,
            url=item.url,
            dedupe_key=item.dedupe_key,
            sms=item.sms,
        )


def _help(rows: list[tuple[int, int, int | None, int]], one_by_one: bool = False) -> int:
    numbers = {
        "hotline": settings.PLATFORM_HOTLINE_NUMBER,
        "national": settings.NATIONAL_PSY_HOTLINE_NUMBER,
    }
    users = User.objects.in_bulk({seafarer_id for _t, seafarer_id, _a, _s in rows})
    url = reverse("core:help")
    sent: set[int] = set()
    outgoing: list[Outgoing] = []
    for task_id, seafarer_id, _assigned, _step in rows:
        if seafarer_id in sent:
            continue
        sent.add(seafarer_id)
        outgoing.append(
            Outgoing(
                users[seafarer_id],
                kind="care_task.help",
                message=HELP_MESSAGE,
                params=numbers,
                url=url,
                dedupe_key=f"care_task.help.{task_id}",
            )
        )
    _send(outgoing, one_by_one)
    return len(rows)


def send_reminders(
    now: datetime.datetime, plan: Plan, report: RunReport, one_by_one: bool = False
) -> None:
    soon = connection.ops.adapt_datetimefield_value(now + DUE_SOON)
    stamp = connection.ops.adapt_datetimefield_value(now)
    help_kind = Kind.HELP_REMINDER.value
    while True:  # the help reminder is its own delivery: sending it completes the task
        with transaction.atomic():
            rows = _claim(
                "reminded_at",
                "s.kind = %s",
                [stamp, help_kind],
                now,
                extra_set=", status = 'done', completed_at = %s",
            )
            if not rows:
                break
            report.help_reminders += _help(rows, one_by_one)
    while True:
        with transaction.atomic():
            rows = _claim(
                "reminded_at",
                "s.kind <> %s AND t.due_at > %s AND t.due_at <= %s",
                [help_kind, stamp, soon],
                now,
            )
            if not rows:
                break
            report.due_reminders += _notify(rows, plan, "due", one_by_one)
    while True:
        with transaction.atomic():
            rows = _claim(
                "overdue_reminded_at",
                "s.kind <> %s AND t.due_at <= %s",
                [help_kind, stamp],
                now,
            )
            if not rows:
                break
            report.overdue_reminders += _notify(rows, plan, "overdue", one_by_one)
