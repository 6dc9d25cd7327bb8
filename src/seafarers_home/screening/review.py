"""Clinician review of completed screenings and fit-for-duty clearances (健康入职).

A review note is health data: the model field encrypts it at rest, and the audit rows written
here name the screening and the follow-up date, never the note. A clearance reaches an
employer only while the seafarer holds the standing share_clearance consent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.consent.models import ConsentKind, ConsentRecord
from seafarers_home.consent.services import current_document, has_consent
from seafarers_home.permissions.roles import is_clinician
from seafarers_home.screening.models import PENDING_REVIEW, Clearance, Screening, risk_rank

REVIEW_PURPOSE = "screening review"
EMPLOYER_PURPOSE = "fit-for-duty clearance (employer, with consent)"
NOTE_MAX_LENGTH = 10000


def _require_clinician(user: User) -> None:
    # Services are also called from the API and the shell: the role is checked here too.
    if not is_clinician(user):
        raise ValidationError(_("只有医生可以进行复核或出具健康入职结论。"), code="not_clinician")


def validate_follow_up_on(follow_up_on: datetime.date | None) -> None:
    if follow_up_on is not None and follow_up_on < timezone.localdate():
        raise ValidationError(_("随访日期不能早于今天。"), code="past_follow_up")


def validate_valid_until(valid_until: datetime.date) -> None:
    if valid_until <= timezone.localdate():
        raise ValidationError(_("有效期必须晚于今天。"), code="past_valid_until")


def pending_reviews(risk: str = "") -> QuerySet[Screening]:
    """Completed, unreviewed screenings: crisis first, then urgent, follow-up, routine; within
    a level the longest waiting first."""
    queue = Screening.objects.filter(PENDING_REVIEW).select_related(
        "seafarer__seafarer_profile__current_vessel"
    )
    if risk:
        queue = queue.filter(risk_level=risk)
    # Ordered by the expressions of the index screening_review_queue, so that PostgreSQL
    # reads a page from it instead of sorting the whole backlog.
    return queue.order_by(risk_rank(), "completed_at", "id")


def _current_clearance(clearances: Iterable[Clearance]) -> Clearance | None:
    """The latest issued clearance if it is still valid. An older, still valid "cleared"
    superseded by a later "not cleared" must not reach the employer."""
    latest = max(clearances, key=lambda c: (c.created_at, c.pk), default=None)
    if latest is None or latest.valid_until < timezone.localdate():
        return None
    return latest


def clearance_visible_to_employer(seafarer: User) -> Clearance | None:
    if not has_consent(seafarer, ConsentKind.SHARE_CLEARANCE):
        return None
    return _current_clearance(
        Clearance.objects.filter(seafarer=seafarer).order_by("-created_at", "-pk")[:1]
    )


def clearances_visible_to_employer(seafarer_ids: Iterable[int]) -> dict[int, Clearance]:
    """The same rule for a page of crew at once (two queries, not two per person)."""
    ids = list(seafarer_ids)
    document = current_document(ConsentKind.SHARE_CLEARANCE)
    if not ids or document is None:
        return {}
    consenting = set(
        ConsentRecord.objects.filter(
            user_id__in=ids, document=document, withdrawn_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    by_seafarer: dict[int, list[Clearance]] = {}
    for clearance in Clearance.objects.filter(seafarer_id__in=consenting):
        by_seafarer.setdefault(clearance.seafarer_id, []).append(clearance)
    visible = {}
    for seafarer_id, clearances in by_seafarer.items():
        current = _current_clearance(clearances)
        if current is not None:
            visible[seafarer_id] = current
    return visible
