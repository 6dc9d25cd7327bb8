"""Recording voyages: one seafarer's, a whole crew's, their departure, return or cancellation.

Every write checks everything BEFORE writing and raises ``VoyageInvalid`` with translated
messages; nothing is half-done (a crew is recorded all or nothing). Each write recomputes the
cached phase, writes an audit row and lets the care pathway catch up
(``care.sync_voyage``) inside the same transaction.

Rules decided for issue 7:

- **Consent.** Voyage care is a health service: recording a voyage starts the care pathway
  (screenings, check-ins at sea, return follow-up), which processes the seafarer's health
  data. A voyage is therefore refused for a seafarer who has not given the separate
  health-data consent (PIPL art. 28/29), whoever records it. Departure, return and
  cancellation of an existing voyage are facts about a voyage already consented to and are not
  refused when consent is withdrawn later (the care pathway itself checks what it may do).
- **Who records.** A seafarer records their own voyages on any vessel (they may change
  employers); a company officer only on their own companies' vessels and for their own
  companies' seafarers; union staff and administrators for anyone. The voyage belongs to the
  vessel's company (that company's officers see it).
- **Overlap.** A seafarer's non-cancelled voyages may not overlap: a voyage occupies its
  departure (recorded, else planned) to its return (recorded, else expected); one may depart
  on the day the previous one returns. The seafarer's user row is locked
  (``select_for_update``) while checking, so two concurrent recordings cannot both pass.
- **Facts.** A recorded departure or return may not lie in the future, a return not before the
  departure; a departure is not moved after the voyage has returned. A recorded fact is not
  refused for overlapping another voyage's *plan*.
- **Cancel** only before departure: while no departure (and no return) has been recorded.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import Role, User
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.core.inputs import InputRefused, check_date
from seafarers_home.organisations.access import officer_companies, sees_all_companies
from seafarers_home.organisations.membership import in_company_scope
from seafarers_home.organisations.models import SeafarerProfile, Vessel
from seafarers_home.voyages import care
from seafarers_home.voyages.models import Voyage
from seafarers_home.voyages.phases import departure_day, end_day, phase_on, seafarer_today

PURPOSE = "voyage care"
MAX_VOYAGE_DAYS = 730
MAX_CREW = 200


class VoyageInvalid(Exception):
    """The voyage cannot be recorded or changed as asked; nothing was written. ``messages``
    are translated and fit to show as they are."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("; ".join(str(message) for message in messages))
        self.messages = [str(message) for message in messages]


def new_crew_batch() -> str:
    return uuid.uuid4().hex


def find_vessel(registration_number: str) -> Vessel | None:
    number = (registration_number or "").strip()
    if not number:
        return None
    return Vessel.objects.select_related("company").filter(registration_number=number).first()


def recording_scope(actor: User) -> list[int] | None:
    """Whose voyages ``actor`` records for others: None = anyone (union staff, admin), else
    these companies (an officer's; empty for everybody else)."""
    if sees_all_companies(actor):
        return None
    return [company.pk for company in officer_companies(actor)]


def dates_errors(planned_departure: Any, expected_return: Any) -> list[str]:
    """What is wrong with a voyage's planned dates (also used by the forms and the import)."""
    if planned_departure is None or expected_return is None:
        return [_("请填写计划出海日期和预计归港日期。")]
    for day in (planned_departure, expected_return):
        try:
            check_date(day)  # a voyage in year 1 has no day before it: phases would overflow
        except InputRefused as error:
            return [error.message]
    if expected_return < planned_departure:
        return [_("预计归港日期不能早于计划出海日期。")]
    if (expected_return - planned_departure).days > MAX_VOYAGE_DAYS:
        return [
            _("航次太长:预计归港日期距出海日期不能超过 %(days)d 天。") % {"days": MAX_VOYAGE_DAYS}
        ]
    return []


def dates_overlap(start: Any, end: Any, other_start: Any, other_end: Any) -> bool:
    """Two voyages clash when they share a day at sea; sailing on the day the other one comes
    home is fine (but two voyages starting the same day always clash)."""
    return start == other_start or (start < other_end and other_start < end)


def _overlaps(start: datetime.date, end: datetime.date, voyage: Voyage) -> bool:
    return dates_overlap(start, end, departure_day(voyage), end_day(voyage))


def overlap_message(voyage: Voyage) -> str:
    # No vessel or company named: an officer must not learn where a seafarer sails for a
    # competitor. The dates are enough to find the clash.
    return _("与这位海员已登记的另一个航次(%(start)s 至 %(end)s)时间重叠。") % {
        "start": departure_day(voyage).isoformat(),
        "end": end_day(voyage).isoformat(),
    }


def overlapping_voyage(
    seafarer: User, start: datetime.date, end: datetime.date, *, exclude_pk: int | None = None
) -> Voyage | None:
    voyages = Voyage.objects.filter(seafarer=seafarer, cancelled_at__isnull=True)
    if exclude_pk is not None:
        voyages = voyages.exclude(pk=exclude_pk)
    return next(
        (v for v in voyages.order_by("planned_departure") if _overlaps(start, end, v)), None
    )


def no_consent_message() -> str:
    return _(
        "这位海员还没有同意处理其心理健康数据,不能为其登记航次(航次关怀属于心理健康服务)。"
        "请本人先在海员之家给出这项单独同意。"
    )


def seafarer_errors(
    seafarer: User,
    actor: User,
    *,
    profile: SeafarerProfile | None = None,
    consented: bool | None = None,
    named_in_list: bool = False,
) -> list[str]:
    """Who may be recorded by whom, and the consent (see the module docstring). The import
    passes ``profile`` and ``consented`` it looked up for the whole file, and
    ``named_in_list``: a company's crew list may name a seafarer still waiting for the
    company's confirmation (the import confirms them)."""
    profile = profile or SeafarerProfile.objects.filter(user_id=seafarer.pk).first()
    if profile is None or not seafarer.has_role(Role.SEAFARER):
        return [_("这个账号不是登记的海员。")]
    if actor.pk != seafarer.pk:
        scope = recording_scope(actor)
        if scope is not None and not (
            profile.company_id in scope or (named_in_list and in_company_scope(profile, scope))
        ):
            return [_("在本企业的海员中找不到此人。")]
    if not (consented if consented is not None else has_health_data_consent(seafarer)):
        if actor.pk == seafarer.pk:
            return [_("航次关怀属于心理健康服务:请先同意处理您的心理健康数据,再登记航次。")]
        return [no_consent_message()]
    return []


def vessel_errors(vessel: Vessel | None, actor: User, *, own: bool = False) -> list[str]:
    """``own``: a seafarer recording their own voyage, on any vessel."""
    if vessel is None:
        return [_("找不到这艘船:请核对船舶登记号。")]
    scope = None if own else recording_scope(actor)
    if scope is not None and vessel.company_id not in scope:
        return [_("这艘船不属于本企业。")]
    return []


def voyage_errors(
    seafarer: User,
    *,
    vessel: Vessel | None,
    planned_departure: Any,
    expected_return: Any,
    actor: User,
) -> list[str]:
    """Everything wrong with recording this voyage now, in the order a person fixes it."""
    errors = seafarer_errors(seafarer, actor)
    errors += vessel_errors(vessel, actor, own=actor.pk == seafarer.pk)
    date_problems = dates_errors(planned_departure, expected_return)
    errors += date_problems
    if not errors:
        clash = overlapping_voyage(seafarer, planned_departure, expected_return)
        if clash is not None:
            errors.append(overlap_message(clash))
    return errors


def _lock_seafarers(seafarers: Iterable[Any]) -> None:
    """Serialise voyage writes per seafarer (PostgreSQL row locks, in pk order so that two
    crews sharing people cannot deadlock; SQLite serialises writers anyway)."""
    ids = sorted({seafarer.pk for seafarer in seafarers})
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def _refresh(voyage: Voyage) -> None:
    voyage.phase = phase_on(voyage, seafarer_today(voyage.seafarer))


def _after_write(voyage: Voyage, actor: User, action: str, request: HttpRequest | None) -> None:
    record_audit(
        actor,
        action,
        target=voyage,
        purpose=PURPOSE,
        request=request,
        detail={
            "seafarer": voyage.seafarer_id,
            "vessel": voyage.vessel_id,
            "planned_departure": voyage.planned_departure,
            "expected_return": voyage.expected_return,
            "actual_departure": voyage.actual_departure,
            "actual_return": voyage.actual_return,
            "cancelled": voyage.cancelled_at is not None,
            "crew_batch": voyage.crew_batch,
        },
    )
    care.sync_voyage(voyage)


def _create(
    seafarer: User,
    vessel: Vessel,
    planned_departure: datetime.date,
    expected_return: datetime.date,
    recorded_by: User,
    source: str,
    crew_batch: str,
) -> Voyage:
    voyage = Voyage(
        seafarer=seafarer,
        vessel=vessel,
        company_id=vessel.company_id,
        planned_departure=planned_departure,
        expected_return=expected_return,
        source=source,
        recorded_by=recorded_by,
        crew_batch=crew_batch,
    )
    _refresh(voyage)
    voyage.save()
    return voyage


def _same_voyages(
    people: list[Any], vessel: Vessel | None, planned_departure: Any, expected_return: Any
) -> dict[int, Voyage]:
    if vessel is None or planned_departure is None or expected_return is None:
        return {}
    same = Voyage.objects.filter(
        seafarer__in=people,
        vessel=vessel,
        planned_departure=planned_departure,
        expected_return=expected_return,
        cancelled_at__isnull=True,
    ).select_related("seafarer", "vessel")
    return {voyage.seafarer_id: voyage for voyage in same}


def _crew_errors(
    people: list[Any],
    vessel: Vessel | None,
    planned_departure: Any,
    expected_return: Any,
    actor: User,
) -> list[str]:
    if len(people) == 1:
        return voyage_errors(
            people[0],
            vessel=vessel,
            planned_departure=planned_departure,
            expected_return=expected_return,
            actor=actor,
        )
    shared = vessel_errors(vessel, actor) + dates_errors(planned_departure, expected_return)
    if shared:
        return shared
    errors = []
    for seafarer in people:
        problems = seafarer_errors(seafarer, actor)
        if not problems:
            clash = overlapping_voyage(seafarer, planned_departure, expected_return)
            problems = [overlap_message(clash)] if clash else []
        errors += [_name(seafarer, message) for message in problems]
    return errors


def _name(seafarer: User, message: str) -> str:
    profile = getattr(seafarer, "seafarer_profile", None)
    name = profile.real_name if profile else str(seafarer)
    return _("%(name)s:%(message)s") % {"name": name, "message": message}


def _latest_today(voyage: Voyage, by: User) -> datetime.date:
    # A departure recorded from Shanghai may already be "tomorrow" for a ship at UTC-3:
    # accept the later of the two calendars.
    return max(seafarer_today(voyage.seafarer), seafarer_today(by))


def _locked(voyage: Voyage) -> Voyage:
    _lock_seafarers([voyage.seafarer])
    return Voyage.objects.select_related("seafarer", "vessel").get(pk=voyage.pk)
