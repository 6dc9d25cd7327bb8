"""Who takes urgent cases now (issue 11 item 3): the legal workers' duty roster, kept by the
union's staff, as the hotline keeps its counsellors' (shifts with a start and an end, in the
union's hours; one person's shifts never overlap). An urgent case alerts the rights officers on
duty and the union's staff at once; when nobody is on duty, every rights officer of the union
is alerted instead (the roster page says so). Unclaimed past its time, the case escalates to
every rights officer and the union's staff (urgent.py).

Only the union's own rights officers are rostered: they see every case, so the one on duty can
open an urgent case nobody has assigned yet (a partner firm's lawyer sees only what the union
gave the firm)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from seafarers_home.accounts.models import Role, User
from seafarers_home.permissions.roles import is_union_staff
from seafarers_home.rights.models import LegalDutyShift
from seafarers_home.rights.reporting import union_rights_officers

UNION_KINDS = ("city_federation", "industrial_union")
MAX_SHIFT = timedelta(days=7)
ROSTER_DAYS = 14


class ShiftInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def manages_legal_roster(user: object) -> bool:
    """The union's staff (of the federation or the seafarers' union) keep the roster."""
    if not is_union_staff(user):  # type: ignore[arg-type]
        return False
    grants = user.role_grants.filter(  # type: ignore[attr-defined]
        role=Role.UNION_STAFF, organisation__kind__in=UNION_KINDS
    )
    return grants.exists()


def union_staff() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__role=Role.UNION_STAFF,
            role_grants__organisation__kind__in=UNION_KINDS,
        ).distinct()
    )


def on_duty(at: datetime | None = None) -> list[User]:
    """The rights officers whose shift covers ``at`` (now), still active and still officers."""
    moment = at or timezone.now()
    officers = {u.pk: u for u in union_rights_officers()}
    shifts = LegalDutyShift.objects.filter(starts_at__lte=moment, ends_at__gt=moment)
    ids = sorted(set(shifts.values_list("worker_id", flat=True)))
    return [officers[pk] for pk in ids if pk in officers]


def urgent_legal_workers(at: datetime | None = None) -> tuple[list[User], bool]:
    """``(people, rostered)``: the rights officers on duty, or — nobody on duty — every rights
    officer of the union (``rostered`` False)."""
    people = on_duty(at)
    if people:
        return people, True
    return union_rights_officers(), False
