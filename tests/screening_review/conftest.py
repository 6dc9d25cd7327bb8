from __future__ import annotations

import datetime
import json
from collections.abc import Callable

import pytest
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.models import ConsentDocument, ConsentKind
from seafarers_home.screening.instruments import get_instrument
from seafarers_home.screening.models import Response, Screening
from seafarers_home.screening.risk import response_risk, screening_risk
from seafarers_home.screening.scoring import score
from tests.personas import ensure_consent_document

# Hand-picked PHQ-9 answers for each risk level (S1's phq9.json item ids; rules in risk.py).
PHQ9 = {
    "routine": [0, 0, 0, 0, 0, 0, 0, 0, 0],  # total 0
    "follow_up": [2, 2, 1, 2, 1, 2, 2, 2, 0],  # total 14, moderate
    "urgent": [3, 3, 3, 3, 2, 2, 2, 2, 0],  # total 20, severe
    "crisis": [1, 1, 1, 1, 1, 1, 1, 1, 1],  # item 9 above 0
}


def phq9_answers(risk: str) -> dict[str, int]:
    return {f"phq9_{n}": value for n, value in enumerate(PHQ9[risk], start=1)}


@pytest.fixture
def share_document(db: None) -> ConsentDocument:
    return ensure_consent_document(ConsentKind.SHARE_CLEARANCE)


@pytest.fixture
def share_consent(share_document: ConsentDocument) -> Callable[[User], None]:
    def accept(user: User) -> None:
        do_accept_consent(user, share_document)

    return accept


@pytest.fixture
def make_screening(db: None) -> Callable[..., Screening]:
    """A screening with one PHQ-9 response scored by the instrument definition, completed
    ``hours_ago`` hours ago, its risk level from the documented rules."""

    def make(
        seafarer: User,
        risk: str = "routine",
        *,
        hours_ago: float = 1,
        completed: bool = True,
    ) -> Screening:
        instrument = get_instrument("phq9")
        answers = phq9_answers(risk)
        result = score(instrument, answers)
        level = response_risk(instrument, result)
        assert level == risk  # the fixture's answers match the rules
        screening = Screening.objects.create(
            seafarer=seafarer,
            instrument_codes=["phq9"],
            status=Screening.Status.COMPLETED if completed else Screening.Status.IN_PROGRESS,
            completed_at=timezone.now() - datetime.timedelta(hours=hours_ago)
            if completed
            else None,
            risk_level=screening_risk([level]) if completed else "",
        )
        Response.objects.create(
            screening=screening,
            seafarer=seafarer,
            instrument_code=instrument.code,
            instrument_version=instrument.version,
            answers=json.dumps(answers),
            total_score=result.total,
            band=result.band_code,
            safety_positive=result.safety_positive,
            risk_level=level,
        )
        return screening

    return make
