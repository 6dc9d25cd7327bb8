"""维权保障 API (issue 11 item 11): the categories with their fields (public), a seafarer's
own cases with the timeline meant for them, and the seafarer's writes (``api_writes.py``:
open a case, post a message, upload evidence, join a crew case, apply for legal aid).
Seafarers only (403 and a code for anyone else); no health-data consent is needed, a rights
case is not health data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from seafarers_home.api.errors import error_responses
from seafarers_home.rights import api_writes  # noqa: F401 - the writes join the router
from seafarers_home.rights.api_schemas import (
    LIST_LIMIT,
    SEAFARER_AUTH,
    RightsCaseOut,
    RightsCategoryOut,
    case_payload,
    router,
)
from seafarers_home.rights.categories import all_categories
from seafarers_home.rights.crew import cases_of_seafarer
from seafarers_home.rights.models import Status as CaseStatus


@router.get(
    "/rights/categories",
    response={200: list[RightsCategoryOut]},
    summary="Case categories and their fields",
    description="Public: no authentication needed.",
    url_name="rights_categories",
    auth=None,
)
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "label_zh": c.spec.label_zh,
            "label_en": c.spec.label_en,
            "crew": c.crew,
            "fields": [
                {
                    **f.model_dump(include={"id", "kind", "label_zh", "label_en", "required"}),
                    **f.model_dump(include={"max_length", "min", "max"}),
                    "options": [o.model_dump() for o in f.options],
                }
                for f in c.fields
            ],
        }
        for c in all_categories()
    ]


@router.get(
    "/rights/cases",
    response={200: list[RightsCaseOut], **error_responses(401, 403)},
    summary="My cases with their timeline",
    description=f"The cases the seafarer opened or joined, newest first (at most {LIST_LIMIT}), "
    "each with the entries meant for the seafarer. Drafts are left out.",
    url_name="rights_cases",
    auth=SEAFARER_AUTH,
)
def list_cases(request: HttpRequest) -> list[dict[str, Any]]:
    cases = (
        cases_of_seafarer(request.auth)
        .exclude(status=CaseStatus.DRAFT)
        .order_by("-submitted_at", "-pk")
        .prefetch_related("entries")[:LIST_LIMIT]
    )
    return [case_payload(case, request.auth) for case in cases]
