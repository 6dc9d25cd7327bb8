"""The union's view of activities, training courses and the wallet (issue 12 item 5): who may
see which part, the figures (activities/stats.py, courses/stats.py, certificates/stats.py: each
one or two aggregate queries) and their server-drawn SVG charts (lib/svg_charts.py).

Union staff see everything: every organisation's activities, every provider's sessions and the
certificates expiring across the union's seafarers. A company officer sees the figures of their
own company's activities; a training officer those of their own provider's sessions. Nobody
else sees the page (404)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seafarers_home.activities.models import Activity
from seafarers_home.activities.stats import activity_rows, activity_totals
from seafarers_home.certificates.stats import AHEAD_DAYS, expiring_by_kind
from seafarers_home.certificates.validity import today_for
from seafarers_home.courses.access import officer_provider_ids
from seafarers_home.courses.models import CourseSession
from seafarers_home.courses.stats import course_totals, session_rows
from seafarers_home.lib.small_cells import MIN_CELL
from seafarers_home.lib.svg_charts import axes, num, svg_open
from seafarers_home.organisations.access import officer_companies
from seafarers_home.permissions.roles import (
    is_company_officer,
    is_training_officer,
    is_union_staff,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def may_see_union_view(user: User | AnonymousUser) -> bool:
    return is_union_staff(user) or is_company_officer(user) or is_training_officer(user)


def scoped_activities(user: User) -> QuerySet[Activity] | None:
    """The activities whose figures ``user`` sees, or None for no activity section."""
    if is_union_staff(user):
        return Activity.objects.all()
    if is_company_officer(user):
        return Activity.objects.filter(organisation__in=officer_companies(user))
    return None


def scoped_sessions(user: User) -> QuerySet[CourseSession] | None:
    """The course sessions whose figures ``user`` sees, or None for no course section."""
    if is_union_staff(user):
        return CourseSession.objects.all()
    if is_training_officer(user):
        return CourseSession.objects.filter(course__provider_id__in=officer_provider_ids(user))
    return None


# -- charts ------------------------------------------------------------------------------------

COLOURS = ("#2e7d32", "#ef6c00", "#1565c0", "#9e9e9e")
LABEL_W, BAR_H, GAP, RIGHT = 120, 12, 6, 30


def _legend(series: Sequence[str], y: int) -> str:
    parts, x = [], LABEL_W
    for i, label in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="{y}" width="8" height="8" fill="{COLOURS[i % len(COLOURS)]}"/>'
            f'<text x="{x + 11}" y="{y + 8}">{escape(label)}</text>'
        )
        x += 16 + 10 * len(label)
    return "".join(parts)


def stacked_bars(
    title: str,
    rows: Sequence[tuple[str, Sequence[int | None]]],
    series: Sequence[str],
    width: int = 360,
) -> SafeString:
    """Horizontal bars, one per row, stacked by series. A hidden (None) part draws a short
    grey tick, never a misleading zero."""
    if not rows:
        return mark_safe("")
    top = max(sum(v or 0 for v in values) for _label, values in rows) or 1
    scale = (width - LABEL_W - RIGHT) / top
    height = 20 + len(rows) * (BAR_H + GAP) + 14
    parts = [svg_open(width, height, title), _legend(series, 2)]
    for i, (label, values) in enumerate(rows):
        y = 16 + i * (BAR_H + GAP)
        short = label if len(label) <= 12 else label[:11] + "…"
        parts.append(
            f'<text x="{LABEL_W - 4}" y="{y + BAR_H - 2}" text-anchor="end">{escape(short)}</text>'
        )
        x = float(LABEL_W)
        for s, value in enumerate(values):
            if value is None:
                parts.append(f'<path d="M{num(x + 2)} {y}v{BAR_H}" stroke="#999"/>')
                x += 4
                continue
            if value:
                w = value * scale
                parts.append(
                    f'<rect x="{num(x)}" y="{y}" width="{num(w)}" height="{BAR_H}" '
                    f'fill="{COLOURS[s % len(COLOURS)]}"><title>{escape(label)} · '
                    f"{escape(series[s])}: {value}</title></rect>"
                )
                x += w
        # A bar with a hidden part has no total beside it: the total would give the part away.
        total = "" if any(v is None for v in values) else str(sum(v or 0 for v in values))
        parts.append(f'<text x="{num(x + 3)}" y="{y + BAR_H - 2}">{total}</text>')
    bottom = 16 + len(rows) * (BAR_H + GAP)
    parts.append(axes(LABEL_W, 14, bottom, width - RIGHT))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


# -- the page's context ------------------------------------------------------------------------


def union_view_context(user: User, now: datetime.datetime) -> dict[str, Any]:
    context: dict[str, Any] = {"min_cell": MIN_CELL, "ahead_days": AHEAD_DAYS}
    activities = scoped_activities(user)
    if activities is not None:
        rows = activity_rows(activities, now)
        context["activity_rows"] = rows
        context["activity_totals"] = activity_totals(activities, now)
        context["activity_chart"] = stacked_bars(
            _("各活动报名与出席(人)"),
            [
                (
                    # The day first: a course or a monthly meeting repeats its title.
                    f"{timezone.localtime(f.activity.starts_at):%m-%d} {f.activity.title}",
                    [
                        f.came if f.ended else 0,
                        f.stayed_away if f.ended else 0,
                        0 if f.ended else f.held,
                        f.waiting,
                    ],
                )
                for f in rows[:12]
            ],
            [_("出席"), _("缺席"), _("已报名(未举行)"), _("候补")],
        )
    sessions = scoped_sessions(user)
    if sessions is not None:
        rows_s = session_rows(sessions)
        context["session_rows"] = rows_s
        context["course_totals"] = course_totals(sessions)
        context["session_chart"] = stacked_bars(
            _("各培训班次录取与结业(人)"),
            [
                (
                    f"{f.session.starts_on:%m-%d} {f.session.course.title}",
                    [f.completed, f.no_show, f.seats_taken - f.completed - f.no_show, f.waiting],
                )
                for f in rows_s[:12]
            ],
            [_("结业"), _("缺席"), _("已录取(未结业)"), _("候补")],
        )
    if is_union_staff(user):
        expiring = expiring_by_kind(today_for(user, now))
        context["expiring"] = expiring
        shown = [(label, n) for _code, label, n in expiring.rows if n != 0]
        context["expiring_chart"] = (
            stacked_bars(
                _("未来 %(days)d 天内到期的证书(人)") % {"days": AHEAD_DAYS},
                [(label, [n]) for label, n in shown],
                [_("证书到期")],
            )
            if expiring.shown
            else mark_safe("")
        )
    return context
