"""The closing summary for the union (issue 15 item 6): counts by task state, times to first
contact, referrals — aggregates only, every small cell suppressed (``lib/small_cells``): on a
crew of twenty, "2 referred" says who."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from seafarers_home.incidents.models import Incident, ResponseTask
from seafarers_home.lib.percentiles import percentile
from seafarers_home.lib.small_cells import MIN_GROUP, SuppressedGroup, suppress_group, suppress_part

HANDED_OVER = "handed_over"


@dataclass(frozen=True)
class ClosingSummary:
    people: int
    tasks: SuppressedGroup  # task state → count (done, handed over, not done)
    reached: int | None
    referred: int | None
    hours_to_first_contact_median: float | None
    hours_to_first_contact_longest: float | None


def closing_summary(incident: Incident) -> ClosingSummary:
    people = list(incident.people.all())
    handed_over = {person.pk for person in people if person.handed_over_at}
    counts = {"done": 0, HANDED_OVER: 0, "open": 0}
    rows = (
        ResponseTask.objects.filter(person__incident=incident)
        .values("person_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["status"] == ResponseTask.Status.DONE:
            counts["done"] += row["n"]
        elif row["person_id"] in handed_over:
            counts[HANDED_OVER] += row["n"]
        else:
            counts["open"] += row["n"]
    hours = sorted(
        (person.first_reached_at - person.created_at).total_seconds() / 3600
        for person in people
        if person.first_reached_at
    )
    enough = len(hours) >= MIN_GROUP
    reached = sum(1 for person in people if person.first_reached_at)
    referred = sum(1 for person in people if person.referred_at)
    return ClosingSummary(
        people=len(people),
        # Tasks are counted per person: a crew under MIN_GROUP shows no task figures at all.
        tasks=suppress_group(counts if len(people) >= MIN_GROUP else {}),
        reached=suppress_part(reached, len(people)),
        referred=suppress_part(referred, len(people)),
        hours_to_first_contact_median=round(percentile(hours, 0.5), 1) if enough else None,
        hours_to_first_contact_longest=round(hours[-1], 1) if enough else None,
    )
