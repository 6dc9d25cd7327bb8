"""FHIR R4 export, validated with fhir.resources (its R4B models: the package has no R4)."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from seafarers_home.screening.fhir import questionnaire, questionnaire_response
from seafarers_home.screening.instruments import get_instrument
from seafarers_home.screening.models import Response


@pytest.mark.parametrize(
    "code", ["phq9", "gad7", "phq4", "who5", "k10", "auditc", "pcl5", "pcptsd5"]
)
def test_it_exports_each_instrument_as_a_valid_questionnaire(code: str):
    instrument = get_instrument(code)
    resource = Questionnaire.model_validate(questionnaire(instrument))
    assert resource.version == instrument.version
    choice_items = [i for i in resource.item if i.type == "choice"]
    assert [i.linkId for i in choice_items] == [i.id for i in instrument.items]
    assert [o.valueCoding.code for o in choice_items[0].answerOption] == [
        str(o.value) for o in instrument.items[0].options
    ]


def test_it_links_loinc_codes_where_known():
    phq9 = Questionnaire.model_validate(questionnaire(get_instrument("phq9")))
    assert phq9.code[0].code == "44249-1"
    total = next(i for i in phq9.item if i.linkId == "total")
    assert total.code[0].code == "44261-6"
    gad7 = Questionnaire.model_validate(questionnaire(get_instrument("gad7")))
    assert gad7.code[0].code == "69737-5"
    unverified = Questionnaire.model_validate(questionnaire(get_instrument("k10")))
    assert unverified.code is None


def test_it_exports_a_response_as_a_valid_questionnaire_response(stored_response: Response):
    resource = QuestionnaireResponse.model_validate(questionnaire_response(stored_response))
    assert resource.status == "completed"
    assert resource.questionnaire.endswith("/Questionnaire/phq9|1.0")
    answers = {i.linkId: i.answer[0] for i in resource.item}
    assert answers["phq9_1"].valueCoding.code == "2"
    assert answers["phq9_1"].valueCoding.display == "一半以上的天数"
    assert float(answers["total"].valueDecimal) == 14.0


def test_the_pcptsd5_items_are_enabled_only_after_trauma_exposure():
    resource = Questionnaire.model_validate(questionnaire(get_instrument("pcptsd5")))
    trauma, *items, total = resource.item
    assert trauma.linkId == "pcptsd5_trauma" and trauma.enableWhen is None
    for item in items:
        (rule,) = item.enableWhen
        assert (rule.question, rule.operator, rule.answerCoding.code) == (
            "pcptsd5_trauma",
            "!=",
            "0",
        )
    assert total.linkId == "total" and total.code is None  # no verified LOINC code
    pcl5 = Questionnaire.model_validate(questionnaire(get_instrument("pcl5")))
    assert pcl5.code[0].code == "101697-1"
    assert all(item.enableWhen is None for item in pcl5.item)


def test_a_negative_pcptsd5_exports_only_what_was_asked(world):
    response = Response.objects.create(
        seafarer=world.persona("seafarer"),
        instrument_code="pcptsd5",
        instrument_version="1.0",
        answers=json.dumps({"pcptsd5_trauma": 0}),
        total_score=0.0,
        band="negative",
        risk_level="routine",
    )
    resource = QuestionnaireResponse.model_validate(questionnaire_response(response))
    assert [i.linkId for i in resource.item] == ["pcptsd5_trauma", "total"]
    assert float(resource.item[1].answer[0].valueDecimal) == 0.0
