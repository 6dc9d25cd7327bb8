"""Answer templates belong to their owner; shared ones are offered to every clinician."""

from __future__ import annotations

import pytest

from seafarers_home.inquiries.models import AnswerTemplate, Question
from tests.personas import World, login

pytestmark = pytest.mark.django_db


def _create(client, title: str, *, shared: bool = False):
    data = {"title": title, "category": "physical", "body": f"{title}的回复内容"}
    if shared:
        data["shared"] = "on"
    return client.post("/inquiries/staff/templates/", data)


def test_it_keeps_templates_per_owner(
    world: World, second_clinician, question: Question, client_for
):
    mine = client_for("clinician")
    assert _create(mine, "私人模板").status_code == 302
    _create(mine, "共享模板", shared=True)
    theirs = login(client_for("outsider"), second_clinician)

    listing = theirs.get("/inquiries/staff/templates/").content.decode()
    assert "共享模板" in listing
    assert "私人模板" not in listing
    # The reply form's picker offers the same: own and shared only.
    thread = theirs.get(f"/inquiries/staff/{question.pk}/").content.decode()
    assert "共享模板" in thread and "私人模板" not in thread
    private = AnswerTemplate.objects.get(title="私人模板")
    picked = theirs.post(
        f"/inquiries/staff/{question.pk}/reply/",
        {
            "insert": "1",
            "template": private.pk,
            "kind": "answer",
            "body": "",
            "idempotency_key": "x",
        },
    )
    assert "私人模板的回复内容" not in picked.content.decode()


def test_it_lets_only_the_owner_delete_a_template(world: World, second_clinician, client_for):
    template = AnswerTemplate.objects.create(
        owner=world.clinician, title="共享", body="内容", shared=True
    )
    theirs = login(client_for("outsider"), second_clinician)

    assert theirs.post(f"/inquiries/staff/templates/{template.pk}/delete/").status_code == 404
    assert AnswerTemplate.objects.filter(pk=template.pk).exists()

    deleted = client_for("clinician").post(f"/inquiries/staff/templates/{template.pk}/delete/")
    assert deleted.status_code == 302
    assert not AnswerTemplate.objects.filter(pk=template.pk).exists()


def test_it_refuses_an_empty_template(client_for):
    response = client_for("clinician").post(
        "/inquiries/staff/templates/", {"title": "", "body": ""}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not AnswerTemplate.objects.exists()


@pytest.mark.parametrize("persona", ["union_staff", "seafarer", "admin"])
def test_it_refuses_templates_to_non_clinicians(persona: str, client_for):
    assert client_for(persona).get("/inquiries/staff/templates/").status_code == 404
