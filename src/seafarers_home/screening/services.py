"""Taking a screening: start (or resume), submit one instrument's answers, complete.

Idempotency: a submission carries a key (the form's hidden field or the API's
Idempotency-Key header), handled by ``core.idempotency.create_once``. The same (seafarer, key)
with the same payload returns the stored response and writes nothing — that is a dropped link
being retried; the same key with a different payload raises ``IdempotencyConflict`` (the API
answers 422).

Re-answering: a screening keeps one response per instrument (a database constraint). While
the screening is in progress, submitting an instrument again with a new key replaces that
response's answers and scores in place (the seafarer went back and changed their mind); once
the screening is completed its responses are final and a new submission raises
``ScreeningClosed``. A crisis answer always raises a crisis alert in the same transaction,
unless the response being replaced had already raised one.

Audit rows never carry answers or scores: only instrument code, band-free identifiers.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, mark_replay
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.screening.band_counts import add_screening
from seafarers_home.screening.instruments import get_instrument
from seafarers_home.screening.models import (
    Battery,
    Campaign,
    CampaignInvite,
    Response,
    RiskLevel,
    Screening,
)
from seafarers_home.screening.risk import response_risk, screening_risk
from seafarers_home.screening.scoring import score

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


class ScreeningClosed(Exception):
    """The screening is completed (or the instrument is not part of it): nothing is changed."""


def payload_hash(instrument_code: str, answers: dict[str, Any], screening_id: int | None) -> str:
    body = json.dumps(
        {"instrument": instrument_code, "answers": answers, "screening": screening_id},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def crisis_reason(instrument_code: str) -> str:
    # Short, non-clinical reason code for the alert list (no score, no answers).
    return f"{instrument_code}_safety_item" if instrument_code != "phq9" else "phq9_item9"


def do_start_screening(
    seafarer: User,
    battery: Battery,
    *,
    campaign: Campaign | None = None,
    request: HttpRequest | None = None,
) -> Screening:
    """Start the battery, or resume the seafarer's in-progress screening of it."""
    with transaction.atomic():
        existing = (
            Screening.objects.select_for_update()
            .filter(seafarer=seafarer, battery=battery, status=Screening.Status.IN_PROGRESS)
            .order_by("-created_at")
            .first()
        )
        if existing is not None:
            if campaign is not None and existing.campaign_id is None:
                existing.campaign = campaign
                existing.save(update_fields=["campaign", "updated_at"])
            screening = existing
        else:
            screening = Screening.objects.create(
                seafarer=seafarer,
                battery=battery,
                campaign=campaign,
                # Frozen: a battery edited later does not change a screening under way.
                instrument_codes=list(battery.instrument_codes),
            )
            record_audit(
                seafarer,
                "screening.start",
                target=screening,
                purpose="screening",
                request=request,
                detail={"battery": battery.code},
            )
        if campaign is not None:
            CampaignInvite.objects.filter(
                campaign=campaign, seafarer=seafarer, screening__isnull=True
            ).update(screening=screening)
    return screening


def _current_company_id(seafarer: User) -> int | None:
    """The seafarer's employer now, stored on the response: reports group by the company at
    the time of screening. None when the seafarer has no profile."""
    return (
        SeafarerProfile.objects.filter(user_id=seafarer.pk)
        .values_list("company_id", flat=True)
        .first()
    )


def do_submit_response(
    seafarer: User,
    instrument_code: str,
    answers: dict[str, int],
    *,
    screening: Screening | None = None,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Response:
    """Score and store one instrument's answers. Raises UnknownInstrument, InvalidAnswers,
    IdempotencyConflict or ScreeningClosed, each before anything is written."""
    key = (idempotency_key or "")[:80]
    digest = payload_hash(instrument_code, answers, screening.pk if screening else None)
    instrument = get_instrument(instrument_code)
    result = score(instrument, answers)  # raises InvalidAnswers: nothing stored
    risk = response_risk(instrument, result)
    fields = {
        "instrument_version": instrument.version,
        "answers": json.dumps(answers, sort_keys=True),
        "total_score": result.total,
        "band": result.band_code,
        "safety_positive": result.safety_positive,
        "risk_level": risk,
        "idempotency_key": key,
        "payload_hash": digest if key else "",
        "company_id": _current_company_id(seafarer),
    }

    def create() -> Response:
        locked = None
        if screening is not None:
            locked = Screening.objects.select_for_update().get(pk=screening.pk)
            if (
                locked.seafarer_id != seafarer.pk
                or locked.status != Screening.Status.IN_PROGRESS
                or instrument.code not in locked.instrument_codes
            ):
                raise ScreeningClosed(locked.pk)
            response = Response.objects.filter(
                screening=locked, instrument_code=instrument.code
            ).first()
        else:
            response = None
        previous_risk = ""
        if response is not None:
            previous_risk = response.risk_level
            for name, value in fields.items():
                setattr(response, name, value)
            response.save()
            action = "screening.response_replace"
        else:
            response = Response.objects.create(
                screening=locked,
                seafarer=seafarer,
                instrument_code=instrument.code,
                **fields,
            )
            action = "screening.response_submit"
        record_audit(
            seafarer,
            action,
            target=response,
            purpose="screening",
            request=request,
            detail={"instrument": instrument.code, "version": instrument.version},
        )
        if risk == RiskLevel.CRISIS and previous_risk != RiskLevel.CRISIS:
            from seafarers_home.alerts.services import do_raise_crisis_alert

            do_raise_crisis_alert(
                seafarer,
                source="screening",
                source_id=str(response.pk),
                reason=crisis_reason(instrument.code),
                request=request,
            )
        return response

    response, created = create_once(
        Response.objects.filter(seafarer=seafarer), key, digest if key else "", create
    )
    return response if created else mark_replay(response)


def do_complete_screening(screening: Screening, request: HttpRequest | None = None) -> Screening:
    """Close the screening: its risk is the highest of its responses'. Idempotent."""
    with transaction.atomic():
        screening = Screening.objects.select_for_update().get(pk=screening.pk)
        if screening.status == Screening.Status.COMPLETED:
            return screening
        levels = list(screening.responses.values_list("risk_level", flat=True))
        now = timezone.now()
        screening.risk_level = screening_risk(levels)
        screening.status = Screening.Status.COMPLETED
        screening.completed_at = now
        screening.save(update_fields=["risk_level", "status", "completed_at", "updated_at"])
        add_screening(screening)  # the union's and companies' band reports read the counts
        invites = CampaignInvite.objects.filter(
            seafarer_id=screening.seafarer_id, completed_at__isnull=True
        )
        if screening.campaign_id:
            invites = invites.filter(campaign_id=screening.campaign_id)
        else:
            invites = invites.filter(screening=screening)
        invites.update(completed_at=now, screening=screening)
        record_audit(
            screening.seafarer,
            "screening.complete",
            target=screening,
            purpose="screening",
            request=request,
        )
    return screening


def answered_codes(screening: Screening) -> set[str]:
    return set(screening.responses.values_list("instrument_code", flat=True))


def next_instrument(screening: Screening) -> str | None:
    done = answered_codes(screening)
    for code in screening.instrument_codes:
        if code not in done:
            return code
    return None
