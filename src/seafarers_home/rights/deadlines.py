"""The time limits that run against a seafarer (issue 11 item 5), from the category's
limitation table in ``categories.json``: each counted from a date field of the case.

A period of years or months ends on the same day of the month; where that day does not exist
(29 February in a common year, 31 April) it ends on the last day of that month: 民法典
第二百零二条 (a period of years or months ends on the corresponding day of the last month, or
on that month's last day when it has no corresponding day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from seafarers_home.lib.calendar_months import add_months
from seafarers_home.rights.categories import Category, say
from seafarers_home.rights.category_schema import LimitationSpec


def limit_date(start: date, spec: LimitationSpec) -> date:
    return add_months(start, spec.years * 12 + spec.months)


@dataclass(frozen=True)
class Deadline:
    spec: LimitationSpec
    ends_on: date
    days_left: int

    @property
    def label(self) -> str:
        return say(self.spec, "label")

    @property
    def source(self) -> str:
        return say(self.spec, "source")

    @property
    def note(self) -> str:
        return say(self.spec, "note")

    @property
    def passed(self) -> bool:
        return self.days_left < 0

    @property
    def near(self) -> bool:
        return 0 <= self.days_left <= 60


def _date(details: dict[str, str], field: str | None) -> date | None:
    try:
        return date.fromisoformat(details.get(field, "")) if field else None
    except ValueError:
        return None


def deadlines_for(
    category: Category | None, details: dict[str, str], today: date | None = None
) -> list[Deadline]:
    """The case's limits, soonest first; a limit whose start date is not given is left out."""
    if category is None:
        return []
    today = today or timezone.localdate()
    found = []
    for spec in category.limitations:
        start = _date(details, spec.from_field_when_given) or _date(details, spec.from_field)
        if start is None:
            continue
        ends_on = limit_date(start, spec)
        found.append(Deadline(spec, ends_on, (ends_on - today).days))
    return sorted(found, key=lambda d: d.ends_on)
