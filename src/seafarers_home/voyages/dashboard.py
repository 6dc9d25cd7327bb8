"""The voyage-care programme dashboard for union staff: monthly figures over the last year.

Every figure is an aggregate computed in SQL (GROUP BY, conditional counts; months are
bucketed with plain comparisons, not per-row date functions) — no row per seafarer is loaded,
except the attended green-channel visits whose waiting days are summarised by their median,
and the per-day counts behind the phase curve. Every count leaves through the small-cell
rules of ``lib.small_cells.suppress_group`` (shared by every aggregate view): a month's
group of fewer than 10 shows nothing, cells of 1–4 are hidden, with complementary
suppression; a median over fewer than 10 people is not shown.

Definitions (months in hospital time, HOSPITAL_TIME_ZONE):

- **Seafarers by phase**: voyages before departure (recorded, not yet departed), at sea
  (departed, return not recorded) or after return (within 30 days of the recorded return)
  at the end of each month (today for the current month); cancelled voyages count nowhere.
  A seafarer has one voyage at a time (overlaps are refused), so voyages are seafarers —
  except two voyages recorded ahead, which count twice before departure.
- **Pre-departure coverage**: of the voyages that departed in the month (recorded departure,
  else planned), the share whose seafarer completed the pre-departure 心理CT battery on or
  before the departure day (and no more than ``PRE_DEPARTURE_FACT_DAYS`` before), per company.
- **At-sea check-in response**: pulse care tasks due in the month: done / (done + missed),
  missed = cancelled when the phase ended or still open past due (the care pathway's rule).
- **Return screening within 7 days**: of the voyages whose return was recorded in the month
  (and at least 7 days ago), the share with a completed after-return 心理CT from the return
  day to 7 days later.
- **Green-channel uptake**: referrals made in the month → booked → attended.
- **Waiting days**: referral → attended visit (by month of the visit); return → first
  attended in-clinic visit of the seafarer (by month of the return).
"""

from __future__ import annotations

import bisect
import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from seafarers_home.lib.small_cells import MIN_GROUP, suppress_group
from seafarers_home.lib.zones import hospital_zone, hospital_zone_name
from seafarers_home.organisations.models import Organisation
from seafarers_home.screening.models import Battery, Screening
from seafarers_home.voyages.care_plan import PRE_DEPARTURE_FACT_DAYS
from seafarers_home.voyages.models import (
    CarePlanStep,
    CareTask,
    GreenChannelReferral,
    Phase,
    Voyage,
)
from seafarers_home.voyages.phases import AFTER_RETURN_DAYS

MONTHS = 12
RETURN_SCREENING_DAYS = 7
# The hospital's zone when this module was loaded, for tests that build times with it; code
# asks hospital_zone() each time (lib/zones.py).
ZONE = hospital_zone()


class HospitalDate(Func):
    """The calendar date in hospital time (``hospital_zone()``) of a stored (UTC) datetime, in
    plain SQL: SQLite's built-in ``date(x, '+480 minutes')`` rather than Django's per-row
    Python function (``TruncDate`` with a zone), which made the dashboard several times
    slower there. SQLite adds the zone's offset of today: exact for Beijing time (no daylight
    saving time since 1991); a zone with daylight saving would be an hour off near its
    changes there, never on PostgreSQL. The project runs on SQLite and PostgreSQL only."""

    output_field = DateField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # PostgreSQL
        name = hospital_zone_name().replace("'", "''")  # an IANA name (check E003)
        template = f"(%(expressions)s AT TIME ZONE '{name}')::date"
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        offset = timezone.now().astimezone(hospital_zone()).utcoffset() or datetime.timedelta()
        minutes = int(offset.total_seconds() // 60)
        template = f"date(%(expressions)s, '{minutes:+d} minutes')"
        return Func.as_sql(self, compiler, connection, template=template, **extra)


class AddDays(Func):
    """``date + n days`` in plain SQL (SQLite ``date(x, '+n days')``, PostgreSQL ``x + n``)."""

    output_field = DateField()

    def __init__(self, expression: Any, days: int) -> None:
        super().__init__(expression)
        self.days = int(days)
        self.template = f"(%(expressions)s + {self.days:d})"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = f"date(%(expressions)s, '{self.days:+d} days')"
        return super().as_sql(compiler, connection, template=template, **extra)


# The clinic's bookings (consultations.Appointment), reached through the referral's own link:
# consultations builds on voyages (the green channel books under a referral), not the reverse.
Appointment = GreenChannelReferral._meta.get_field("appointment").related_model
IN_CLINIC = "in_clinic"  # consultations.models.Mode.IN_CLINIC, the slot's mode
BOOKED = (Appointment.Status.BOOKED, Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW)


@dataclass
class Series:
    """One line or bar series: a value per month, None where suppressed."""

    key: str
    values: list[float | None]


@dataclass
class Metric:
    key: str
    series: list[Series]
    # Per month: the group size behind the figure (None when suppressed).
    totals: list[int | None] = field(default_factory=list)


@dataclass
class CompanyCoverage:
    company: Organisation
    shares: list[float | None]
    totals: list[int | None]


@dataclass
class Dashboard:
    months: list[datetime.date]
    phases: Metric
    coverage: Metric
    coverage_by_company: list[CompanyCoverage]
    pulse: Metric
    return_screening: Metric
    green_uptake: Metric
    waiting: Metric


def month_starts(today: datetime.date, n: int = MONTHS) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for _ in range(n):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=hospital_zone())


def _month_index(field: str, months: list[datetime.date], *, moment: bool) -> Case:
    """The month of ``field`` as its index in ``months`` — plain comparisons in SQL (SQLite
    truncates dates with a Python function per row; this stays in C). Later → len(months)."""
    bounds = [_next_month(month) for month in months]
    return Case(
        *[
            When(**{f"{field}__lt": _aware(bound) if moment else bound}, then=Value(i))
            for i, bound in enumerate(bounds)
        ],
        default=Value(len(months)),
        output_field=IntegerField(),
    )


def _month_at(months: list[datetime.date], index: int) -> datetime.date | None:
    return months[index] if 0 <= index < len(months) else None


def _month_key(value: Any) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, hospital_zone()).date()
        value = value.date() if isinstance(value, datetime.datetime) else value
    return value.replace(day=1)


def _share(counts: dict[str, int]) -> tuple[float | None, int | None]:
    """(share of "yes" in %, group size) after suppression; (None, None) when hidden."""
    group = suppress_group(counts)
    if not group.shown or any(v is None for v in group.cells.values()):
        return None, group.total if group.shown else None
    total = group.total or 0
    return (round(100 * counts["yes"] / total, 1) if total else None), total


def _battery_codes(phase: str, fallback: str) -> list[str]:
    codes = set(
        CarePlanStep.objects.filter(phase=phase, kind=CarePlanStep.Kind.SCREENING)
        .exclude(battery_code="")
        .values_list("battery_code", flat=True)
    )
    return sorted(codes or {fallback})


def _day_counts(voyages: QuerySet[Voyage], expression: Any) -> tuple[list, list[int]]:
    """(sorted days, cumulative voyage counts up to each day) of ``expression``."""
    rows = (
        voyages.annotate(day=expression)
        .exclude(day__isnull=True)
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
        .values_list("day", "n")
    )
    days, cumulative, total = [], [], 0
    for day, n in rows:
        total += n
        days.append(_as_date(day))
        cumulative.append(total)
    return days, cumulative


def _upto(counts: tuple[list, list[int]], day: datetime.date) -> int:
    days, cumulative = counts
    i = bisect.bisect_right(days, day)
    return cumulative[i - 1] if i else 0


def phases_over_time(months: list[datetime.date], today: datetime.date) -> Metric:
    """Voyages in each phase at each month's end, from four GROUP BY day queries and running
    sums (a voyage per seafarer at a time: 7A's overlap rule). Cancelled voyages count
    nowhere."""
    voyages = Voyage.objects.filter(cancelled_at__isnull=True)
    dep = Coalesce("actual_departure", "planned_departure", output_field=DateField())
    created = HospitalDate("created_at")
    departed = _day_counts(voyages, dep)
    returned = _day_counts(voyages, F("actual_return"))
    recorded = _day_counts(voyages, created)
    started = _day_counts(voyages, Greatest(created, dep, output_field=DateField()))
    values: dict[str, list[float | None]] = defaultdict(list)
    totals: list[int | None] = []
    for month in months:
        day = min(_next_month(month) - datetime.timedelta(days=1), today)
        back = _upto(returned, day)
        group = suppress_group(
            {
                Phase.BEFORE_DEPARTURE: _upto(recorded, day) - _upto(started, day),
                Phase.AT_SEA: _upto(departed, day) - back,
                Phase.AFTER_RETURN: back
                - _upto(returned, day - datetime.timedelta(days=AFTER_RETURN_DAYS)),
            }
        )
        for key, n in group.cells.items():
            values[key].append(n)
        totals.append(group.total)
    return Metric("phases", [Series(k, v) for k, v in values.items()], totals)


def _screening_join(codes: list[str]) -> tuple[dict[str, Any], Q]:
    """Annotations joining each voyage to its seafarer's screenings (one row per pair, the
    join driven by the seafarer index), and the condition that the screening is a completed
    one of ``codes``. A join, not a correlated EXISTS: SQLite without statistics would run
    the EXISTS through the battery index, scanning every screening of the battery."""
    battery_ids = list(Battery.objects.filter(code__in=codes).values_list("pk", flat=True))
    annotations = {"s_day": HospitalDate("seafarer__screenings__completed_at")}
    condition = Q(
        seafarer__screenings__status=Screening.Status.COMPLETED,
        seafarer__screenings__battery_id__in=battery_ids,
    )
    return annotations, condition


def _departed_voyages(months: list[datetime.date], today: datetime.date):
    annotations, screened = _screening_join(_battery_codes(Phase.BEFORE_DEPARTURE, "pre-departure"))
    return (
        Voyage.objects.filter(cancelled_at__isnull=True)
        .annotate(dep=Coalesce("actual_departure", "planned_departure", output_field=DateField()))
        .filter(dep__gte=months[0], dep__lte=today)
        .annotate(
            dep_floor=AddDays(F("dep"), -PRE_DEPARTURE_FACT_DAYS),
            month=_month_index("dep", months, moment=False),
            **annotations,
        )
        .values("company_id", "month")
        .annotate(
            total=Count("pk", distinct=True),
            yes=Count(
                "pk",
                distinct=True,
                filter=screened & Q(s_day__lte=F("dep"), s_day__gte=F("dep_floor")),
            ),
        )
        .order_by()
    )


def pre_departure_coverage(
    months: list[datetime.date], today: datetime.date
) -> tuple[Metric, list[CompanyCoverage]]:
    rows = _departed_voyages(months, today)
    per_company: dict[int, dict[datetime.date, tuple[int, int]]] = defaultdict(dict)
    overall: dict[datetime.date, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        month = _month_at(months, row["month"])
        per_company[row["company_id"]][month] = (row["yes"], row["total"])
        overall[month][0] += row["yes"]
        overall[month][1] += row["total"]
    shares, totals = [], []
    for month in months:
        yes, total = overall.get(month, [0, 0])
        share, n = _share({"yes": yes, "no": total - yes})
        shares.append(share)
        totals.append(n)
    # The companies' voyage counts of a month add up to the month's shown total: they are the
    # cells of one group, so that a hidden company is not the total minus the shown ones
    # (a company under MIN_GROUP shows no share, so its count is hidden from MIN_GROUP down).
    shown_companies = {
        month: suppress_group(
            {pk: per_company[pk].get(month, (0, 0))[1] for pk in per_company},
            min_cell=MIN_GROUP,
        ).cells
        for month in months
    }
    companies = Organisation.objects.in_bulk(list(per_company))
    by_company = []
    for company_id in sorted(per_company, key=lambda pk: companies[pk].name):
        c_shares, c_totals = [], []
        for month in months:
            yes, total = per_company[company_id].get(month, (0, 0))
            share, n = _share({"yes": yes, "no": total - yes})
            if shown_companies[month][company_id] is None:
                share, n = None, None
            c_shares.append(share)
            c_totals.append(n)
        # A company with nothing shown is not named: the page says small groups are hidden.
        if any(n is not None for n in c_totals):
            by_company.append(CompanyCoverage(companies[company_id], c_shares, c_totals))
    return Metric("coverage", [Series("coverage", shares)], totals), by_company


def pulse_response(months: list[datetime.date], now: datetime.datetime) -> Metric:
    rows = (
        CareTask.objects.filter(
            step__kind=CarePlanStep.Kind.PULSE, due_at__gte=_aware(months[0]), due_at__lt=now
        )
        .annotate(month=_month_index("due_at", months, moment=True))
        .values("month")
        .annotate(
            done=Count("pk", filter=Q(status=CareTask.Status.DONE)),
            missed=Count("pk", filter=~Q(status=CareTask.Status.DONE)),
        )
        .order_by()
    )
    by_month = {_month_at(months, r["month"]): (r["done"], r["missed"]) for r in rows}
    shares, totals = [], []
    for month in months:
        done, missed = by_month.get(month, (0, 0))
        share, n = _share({"yes": done, "no": missed})
        shares.append(share)
        totals.append(n)
    return Metric("pulse", [Series("pulse", shares)], totals)


def return_screening(months: list[datetime.date], today: datetime.date) -> Metric:
    annotations, screened = _screening_join(_battery_codes(Phase.AFTER_RETURN, "after-return"))
    rows = (
        Voyage.objects.filter(
            cancelled_at__isnull=True,
            actual_return__gte=months[0],
            actual_return__lte=today - datetime.timedelta(days=RETURN_SCREENING_DAYS),
        )
        .annotate(
            return_limit=AddDays(F("actual_return"), RETURN_SCREENING_DAYS),
            month=_month_index("actual_return", months, moment=False),
            **annotations,
        )
        .values("month")
        .annotate(
            total=Count("pk", distinct=True),
            yes=Count(
                "pk",
                distinct=True,
                filter=screened & Q(s_day__gte=F("actual_return"), s_day__lte=F("return_limit")),
            ),
        )
        .order_by()
    )
    by_month = {_month_at(months, r["month"]): (r["yes"], r["total"]) for r in rows}
    shares, totals = [], []
    for month in months:
        yes, total = by_month.get(month, (0, 0))
        share, n = _share({"yes": yes, "no": total - yes})
        shares.append(share)
        totals.append(n)
    return Metric("return_screening", [Series("return_screening", shares)], totals)


def green_uptake(months: list[datetime.date]) -> Metric:
    rows = (
        GreenChannelReferral.objects.filter(created_at__gte=_aware(months[0]))
        .annotate(month=_month_index("created_at", months, moment=True))
        .values("month")
        .annotate(
            total=Count("pk"),
            attended=Count("pk", filter=Q(appointment__status=Appointment.Status.ATTENDED)),
            booked=Count("pk", filter=Q(appointment__status__in=BOOKED)),
        )
        .order_by()
    )
    by_month = {_month_at(months, r["month"]): r for r in rows}
    referred: list[float | None] = []
    booked: list[float | None] = []
    attended: list[float | None] = []
    totals: list[int | None] = []
    for month in months:
        row = by_month.get(month, {"total": 0, "attended": 0, "booked": 0})
        group = suppress_group(
            {
                "attended": row["attended"],
                "booked_only": row["booked"] - row["attended"],
                "not_booked": row["total"] - row["booked"],
            }
        )
        cells = group.cells
        totals.append(group.total)
        referred.append(group.total)
        attended.append(cells["attended"])
        booked.append(
            None
            if cells["attended"] is None or cells["booked_only"] is None
            else cells["attended"] + cells["booked_only"]
        )
    return Metric(
        "green_uptake",
        [Series("referred", referred), Series("booked", booked), Series("attended", attended)],
        totals,
    )


def _medians(pairs: list[tuple[datetime.date, float]], months: list[datetime.date]):
    by_month: dict[datetime.date, list[float]] = defaultdict(list)
    for month, days in pairs:
        by_month[month].append(days)
    medians: list[float | None] = []
    for month in months:
        values = by_month.get(month, [])
        medians.append(round(statistics.median(values), 1) if len(values) >= MIN_GROUP else None)
    return medians


def waiting_days(months: list[datetime.date], today: datetime.date) -> Metric:
    start = _aware(months[0])
    visits = GreenChannelReferral.objects.filter(
        appointment__status=Appointment.Status.ATTENDED, appointment__attended_at__gte=start
    ).values_list("created_at", "appointment__attended_at")
    referral_pairs = [
        (_month_key(visited), (visited - referred).total_seconds() / 86400)
        for referred, visited in visits
    ]
    first_visit = (
        Appointment.objects.filter(
            seafarer=OuterRef("seafarer_id"),
            status=Appointment.Status.ATTENDED,
            slot__mode=IN_CLINIC,
        )
        .annotate(day=HospitalDate("attended_at"))
        .filter(day__gte=OuterRef("actual_return"))
        .order_by("attended_at")
        .values("day")[:1]
    )
    visitors = Appointment.objects.filter(
        seafarer=OuterRef("seafarer_id"), status=Appointment.Status.ATTENDED
    )
    returns = (
        Voyage.objects.filter(
            cancelled_at__isnull=True, actual_return__gte=months[0], actual_return__lte=today
        )
        .filter(Exists(visitors))
        .annotate(first_visit=Subquery(first_visit, output_field=DateField()))
        .filter(first_visit__isnull=False)
        .values_list("actual_return", "first_visit")
    )
    return_pairs = [
        (_month_key(returned), float((_as_date(visited) - returned).days))
        for returned, visited in returns
    ]
    return Metric(
        "waiting",
        [
            Series("referral_to_visit", _medians(referral_pairs, months)),
            Series("return_to_visit", _medians(return_pairs, months)),
        ],
    )


def _as_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


def build_dashboard(now: datetime.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    today = timezone.localtime(now, hospital_zone()).date()
    months = month_starts(today)
    coverage, by_company = pre_departure_coverage(months, today)
    return Dashboard(
        months=months,
        phases=phases_over_time(months, today),
        coverage=coverage,
        coverage_by_company=by_company,
        pulse=pulse_response(months, now),
        return_screening=return_screening(months, today),
        green_uptake=green_uptake(months),
        waiting=waiting_days(months, today),
    )
