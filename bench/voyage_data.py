"""Shared data builder of the voyage-care benchmarks (care_pathway.py, voyage_dashboard.py).

``build_voyage_data(n_seafarers=50_000, today=None, care_facts=False)`` fills an empty,
migrated database with bulk inserts only:

- 40 companies, one vessel per 17 seafarers (the first city: 2,963 ships, 49,000 seafarers);
- ``n_seafarers`` seafarers (user, role grant, profile, the health-data consent), 90 % in
  Asia/Shanghai and the rest spread over ships' zones (UTC+10, UTC-3, UTC+4, UTC-8);
- five counsellors (they get the 14-day follow-ups);
- one voyage each, in mixed phases on ``today``: 20 % before departure (recorded up to 20 days
  ago, departing within 60 days), 40 % at sea (one in ten of them a late return: expected
  return passed, none recorded), 25 % after return (back 0–29 days), 14 % ashore (back 31–200
  days), 1 % cancelled before departure. The cached ``phase`` is yesterday's, as the daily
  run finds it.
- with ``care_facts=True`` also the facts the care run completes tasks from: a completed
  pre-departure 心理CT for half of those before departure, all five lessons for a third, an
  after-return 心理CT for 60 % of the returned (one in ten of those "follow-up": referred to the
  green channel).

Returns the counts by kind. Used inside a configured Django process (``django.setup()``).
"""

from __future__ import annotations

import datetime
from typing import Any

BATCH = 5000
COMPANIES = 40
ZONES = ("Australia/Brisbane", "America/Sao_Paulo", "Asia/Dubai", "America/Los_Angeles")


def _zone(k: int) -> str:
    return ZONES[k % len(ZONES)] if k % 10 == 9 else "Asia/Shanghai"


def _voyage_dates(k: int, today: datetime.date) -> dict[str, Any]:
    """Dates of seafarer k's voyage (deterministic spread over the phases)."""
    d = datetime.timedelta
    bucket, spread = k % 100, (k * 7919) % 997
    if bucket < 20:  # before departure
        departure = today + d(days=1 + spread % 60)
        return {
            "planned_departure": departure,
            "expected_return": departure + d(days=90 + spread % 90),
            "recorded": today - d(days=spread % 21),
        }
    if bucket < 60:  # at sea; one in ten late
        departure = today - d(days=1 + spread % 170)
        late = bucket % 10 == 0
        expected = today - d(days=1 + spread % 20) if late else today + d(days=1 + spread % 90)
        return {
            "planned_departure": departure,
            "actual_departure": departure,
            "expected_return": max(expected, departure),
            "recorded": departure - d(days=10),
        }
    back = spread % 30 if bucket < 85 else 31 + spread % 170  # after return / ashore
    returned = today - d(days=back)
    departure = returned - d(days=90 + spread % 90)
    dates = {
        "planned_departure": departure,
        "actual_departure": departure,
        "expected_return": returned,
        "actual_return": returned,
        "recorded": departure - d(days=10),
    }
    if bucket == 99:  # cancelled before it started
        dates = {
            "planned_departure": today + d(days=5),
            "expected_return": today + d(days=100),
            "recorded": today - d(days=3),
            "cancelled": True,
        }
    return dates


def build_voyage_data(
    n_seafarers: int = 50_000,
    today: datetime.date | None = None,
    care_facts: bool = False,
) -> dict[str, int]:
    from django.utils import timezone

    from seafarers_home.accounts.models import Role, RoleGrant, User
    from seafarers_home.consent.models import ConsentDocument, ConsentKind, ConsentRecord
    from seafarers_home.consent.services import current_document
    from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel
    from seafarers_home.voyages.models import Voyage
    from seafarers_home.voyages.phases import phase_on

    today = today or timezone.localdate()
    now = timezone.now()
    companies = Organisation.objects.bulk_create(
        Organisation(name=f"公司{i:02d}", code=f"bench-co-{i}", kind=Organisation.Kind.COMPANY)
        for i in range(COMPANIES)
    )
    hospital = Organisation.objects.create(name="医院", code="bench-hospital", kind="hospital")
    vessels = Vessel.objects.bulk_create(
        (
            Vessel(
                name=f"船{i}",
                registration_number=f"B-{i:05d}",
                kind="other",
                company=companies[i % COMPANIES],
            )
            for i in range(max(COMPANIES, n_seafarers // 17))
        ),
        batch_size=BATCH,
    )
    recorder = User.objects.create_user("13600000000", None)
    users = User.objects.bulk_create(
        (
            User(phone=f"137{k:08d}", password="!", display_name=f"海员{k}", time_zone=_zone(k))  # noqa: S106
            for k in range(n_seafarers)
        ),
        batch_size=BATCH,
    )
    counsellors = User.objects.bulk_create(
        User(phone=f"1350000000{i}", password="!", display_name=f"咨询员{i}")  # noqa: S106
        for i in range(5)
    )
    RoleGrant.objects.bulk_create(
        [
            *(
                RoleGrant(user=u, role=Role.SEAFARER, organisation=companies[k % COMPANIES])
                for k, u in enumerate(users)
            ),
            *(RoleGrant(user=c, role=Role.COUNSELLOR, organisation=hospital) for c in counsellors),
        ],
        batch_size=BATCH,
    )
    SeafarerProfile.objects.bulk_create(
        (
            SeafarerProfile(user=u, real_name=f"海员{k}", company=companies[k % COMPANIES])
            for k, u in enumerate(users)
        ),
        batch_size=BATCH,
    )
    document = current_document(ConsentKind.HEALTH_DATA) or ConsentDocument.objects.create(
        kind=ConsentKind.HEALTH_DATA, version=1, title="健康信息", body="-", published_at=now
    )
    ConsentRecord.objects.bulk_create(
        (ConsentRecord(user=u, document=document, accepted_at=now) for u in users),
        batch_size=BATCH,
    )
    voyages, recorded = [], []
    for k, user in enumerate(users):
        dates = _voyage_dates(k, today)
        stamp = datetime.datetime.combine(dates.pop("recorded"), datetime.time(10), datetime.UTC)
        cancelled = dates.pop("cancelled", False)
        vessel = vessels[k % len(vessels)]
        voyage = Voyage(
            seafarer=user,
            vessel=vessel,
            company_id=vessel.company_id,
            source=Voyage.Source.IMPORT,
            recorded_by=recorder,
            crew_batch=f"bench{k // 20}",
            cancelled_at=stamp if cancelled else None,
            **dates,
        )
        voyage.phase = phase_on(voyage, today - datetime.timedelta(days=1))
        voyages.append(voyage)
        recorded.append(stamp)
    Voyage.objects.bulk_create(voyages, batch_size=BATCH)
    # created_at is auto_now_add: set the recording day afterwards (it anchors pre-departure tasks).
    by_day: dict[datetime.datetime, list[int]] = {}
    for voyage, stamp in zip(voyages, recorded, strict=True):
        by_day.setdefault(stamp, []).append(voyage.pk)
    for stamp, pks in by_day.items():
        for i in range(0, len(pks), BATCH):
            Voyage.objects.filter(pk__in=pks[i : i + BATCH]).update(created_at=stamp)
    counts = {"seafarers": len(users), "vessels": len(vessels), "voyages": len(voyages)}
    for voyage in voyages:
        counts[f"phase {voyage.phase}"] = counts.get(f"phase {voyage.phase}", 0) + 1
    if care_facts:
        counts.update(_care_facts(voyages, today))
    return counts


def _care_facts(voyages: list[Any], today: datetime.date) -> dict[str, int]:
    from seafarers_home.screening.models import Battery, LessonCompletion, Screening
    from seafarers_home.screening.training import all_lessons

    pre = Battery.objects.get(code="pre-departure")
    post = Battery.objects.get(code="after-return")
    at = datetime.datetime.combine(today, datetime.time(1), datetime.UTC)
    screenings, lessons = [], []
    for k, voyage in enumerate(voyages):
        if voyage.cancelled_at is not None:
            continue
        if voyage.actual_departure is None and k % 2 == 0:
            screenings.append(
                Screening(
                    seafarer_id=voyage.seafarer_id,
                    battery=pre,
                    instrument_codes=pre.instrument_codes,
                    status="completed",
                    completed_at=at,
                    risk_level="routine",
                )
            )
            if k % 3 == 0:
                lessons += [
                    LessonCompletion(user_id=voyage.seafarer_id, lesson_slug=lesson.slug)
                    for lesson in all_lessons()
                ]
        returned = voyage.actual_return
        if returned and (today - returned).days < 30 and k % 10 < 6:
            screenings.append(
                Screening(
                    seafarer_id=voyage.seafarer_id,
                    battery=post,
                    instrument_codes=post.instrument_codes,
                    status="completed",
                    completed_at=at,
                    risk_level="follow_up" if k % 10 == 0 else "routine",
                )
            )
    Screening.objects.bulk_create(screenings, batch_size=BATCH)
    LessonCompletion.objects.bulk_create(lessons, batch_size=BATCH)
    return {"completed screenings": len(screenings), "lesson completions": len(lessons)}
