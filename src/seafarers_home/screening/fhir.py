"""FHIR R4 export: an instrument as a Questionnaire, a stored Response as a
QuestionnaireResponse.

Plain dicts (JSON-ready). The tests validate them with ``fhir.resources.R4B`` — the
``fhir.resources`` package (v8) ships R5 (default), R4B and STU3 models, not R4 itself; R4B
(4.3) did not change Questionnaire or QuestionnaireResponse from R4 (4.0.1) for the elements
used here, so documents valid under R4B are valid R4.

Answers are ``valueCoding`` with the option's value as code (system: our instrument URL) and
its label as display; items after one that can end the instrument (``skip_rest_if``) carry an
``enableWhen`` on that answer; the total is an extra item ``total`` with ``valueDecimal``,
linked to the instrument's LOINC total code when the instrument has one.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings

from seafarers_home.screening.instruments import Instrument, get_instrument
from seafarers_home.screening.models import Response

BASE = "https://seafarers-home.example/fhir"


def _base_url() -> str:
    return getattr(settings, "FHIR_BASE_URL", BASE).rstrip("/")


def questionnaire_url(instrument: Instrument) -> str:
    return f"{_base_url()}/Questionnaire/{instrument.code}"


def _translated(en: str) -> dict[str, Any]:
    """A string in Chinese with its English translation as a FHIR translation extension."""
    return {
        "extension": [
            {
                "url": "http://hl7.org/fhir/StructureDefinition/translation",
                "extension": [
                    {"url": "lang", "valueCode": "en"},
                    {"url": "content", "valueString": en},
                ],
            }
        ]
    }


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    url = questionnaire_url(instrument)
    items: list[dict[str, Any]] = []
    skip_rules: list[dict[str, Any]] = []  # an earlier answer that ends the instrument
    for item in instrument.items:
        items.append(
            {
                "linkId": item.id,
                "text": item.text_zh,
                "_text": _translated(item.text_en),
                "type": "choice",
                "required": item.safety or instrument.max_missing == 0,
                "answerOption": [
                    {
                        "valueCoding": {
                            "system": f"{url}/options",
                            "code": str(option.value),
                            "display": option.label_zh,
                        }
                    }
                    for option in item.options
                ],
            }
        )
        if skip_rules:
            # Asked only when the earlier answer did not end the instrument (PC-PTSD-5).
            items[-1]["enableWhen"] = [dict(rule) for rule in skip_rules]
            items[-1]["enableBehavior"] = "all"
        if item.skip_rest_if is not None:
            skip_rules.append(
                {
                    "question": item.id,
                    "operator": "!=",
                    "answerCoding": {"system": f"{url}/options", "code": str(item.skip_rest_if)},
                }
            )
    total: dict[str, Any] = {
        "linkId": "total",
        "text": "总分",
        "type": "decimal",
        "readOnly": True,
    }
    if "total" in instrument.loinc:
        total["code"] = [{"system": "http://loinc.org", "code": instrument.loinc["total"]}]
    items.append(total)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": f"{instrument.code}-{instrument.version}".replace(".", "-"),
        "url": url,
        "version": instrument.version,
        "name": instrument.code.upper(),
        "title": instrument.title_zh,
        "_title": _translated(instrument.title_en),
        "status": "active",
        "language": "zh-CN",
        "description": instrument.recall_zh,
        "copyright": instrument.licence,
        "item": items,
    }
    if "panel" in instrument.loinc:
        resource["code"] = [{"system": "http://loinc.org", "code": instrument.loinc["panel"]}]
    return resource


def questionnaire_response(response: Response) -> dict[str, Any]:
    instrument = get_instrument(response.instrument_code, response.instrument_version)
    url = questionnaire_url(instrument)
    answers = json.loads(response.answers or "{}")
    items: list[dict[str, Any]] = []
    for item in instrument.items:
        value = answers.get(item.id)
        if value is None:
            continue
        option = next((o for o in item.options if o.value == value), None)
        items.append(
            {
                "linkId": item.id,
                "text": item.text_zh,
                "answer": [
                    {
                        "valueCoding": {
                            "system": f"{url}/options",
                            "code": str(value),
                            "display": option.label_zh if option else str(value),
                        }
                    }
                ],
            }
        )
    if response.total_score is not None:
        items.append(
            {"linkId": "total", "text": "总分", "answer": [{"valueDecimal": response.total_score}]}
        )
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"response-{response.pk}",
        "questionnaire": f"{url}|{instrument.version}",
        "status": "completed",
        "subject": {"reference": f"Patient/{response.seafarer_id}"},
        "authored": response.created_at.isoformat(),
        "item": items,
    }
