"""Every write endpoint that takes an ``Idempotency-Key`` (API) or a hidden form key (web) is
idempotent through ``core.idempotency.create_once`` (issue 17 item 5):

- copies of one request sent at once (a retry racing the original over a satellite link)
  store exactly one object — on PostgreSQL, each copy in its own thread and connection;
- the same key with a different payload answers the conflict (API: 422
  ``idempotency_conflict``; a page: the form conflict message) and changes nothing.

Each case says how to send its request, what "one object" counts and what may differ.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.alerts.models import AlertAction, CrisisAlert, HelpRequest
from seafarers_home.consultations.actions.booking import do_book_consultation
from seafarers_home.consultations.models import Appointment
from seafarers_home.hotline.models import CallbackRequest, HotlineCall
from seafarers_home.inquiries.actions.asking import do_ask_question
from seafarers_home.inquiries.models import Category, Question, Reply
from seafarers_home.screening.models import Battery, Response
from tests.api.conftest import make_token
from tests.consultations_booking.conftest import at_hospital, hospital_day, make_slot
from tests.personas import World, give_health_consent, login
from tests.screening_take.conftest import BATTERIES, answers_for

BODY = "出海第三天开始一直头疼,晚上睡不好,吃了两次布洛芬没有好转,想问问怎么办。"
FORM_CONFLICT = "已经提交过"  # each page words it for its form
COPIES = 4

# A sender: (client, key, changed) -> response. ``changed`` sends the other payload.
Send = Callable[[Client, str, bool], Any]


@dataclass
class Endpoint:
    send: Send
    count: Callable[[], int]  # the objects this endpoint creates
    state: Callable[[], Any]  # what a conflicting resend must leave as it was
    user: Any  # whose session or token the clients carry
    api: bool


def _api_client(user: Any) -> Callable[[], Client]:
    token = make_token(user)
    return lambda: Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _web_client(user: Any) -> Callable[[], Client]:
    signed_in = login(Client(), user)
    cookies = signed_in.cookies

    def make() -> Client:
        client = Client()
        client.cookies = cookies.__class__(cookies)  # a copy: the same session
        return client

    return make


def _api_post(path: str, body: dict[str, Any], other: dict[str, Any]) -> Send:
    def send(client: Client, key: str, changed: bool) -> Any:
        return client.post(
            path,
            {**body, **other} if changed else body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
        )

    return send


def _web_post(path: str, form: dict[str, Any], other: dict[str, Any], key_name: str) -> Send:
    def send(client: Client, key: str, changed: bool) -> Any:
        data = {**form, **other} if changed else dict(form)
        return client.post(path, {**data, key_name: key}, follow=True)

    return send


def _callback_fields(*, api: bool) -> dict[str, str]:
    start = timezone.localtime() + timedelta(hours=1)
    end = start + timedelta(hours=2)
    if api:
        return {
            "target": "satellite",
            "number": "+870 773 123 456",
            "window_start": start.replace(second=0, microsecond=0).isoformat(),
            "window_end": end.replace(second=0, microsecond=0).isoformat(),
        }
    return {
        "target": "satellite",
        "number": "+870 773 123 456",
        "window_start": start.strftime("%Y-%m-%dT%H:%M"),
        "window_end": end.strftime("%Y-%m-%dT%H:%M"),
    }


def _question(world: World) -> Question:
    return do_ask_question(
        world.seafarer, category=Category.PHYSICAL, title="头疼睡不好", body=BODY
    )


def _screening(world: World) -> Any:
    from seafarers_home.screening.actions import do_start_screening

    name, codes, default = BATTERIES["at-sea-pulse"]
    battery, _ = Battery.objects.get_or_create(
        code="at-sea-pulse",
        defaults={"name": name, "instrument_codes": codes, "is_pre_departure_default": default},
    )
    return do_start_screening(world.seafarer, battery)


def _numbers(answers: dict[str, str]) -> dict[str, int]:
    return {item: int(value) for item, value in answers.items()}


# One builder per endpoint ------------------------------------------------------------------


def api_screening(world: World) -> Endpoint:
    answers = _numbers(answers_for("phq4"))
    other = {item: value + 1 for item, value in answers.items()}
    mine = Response.objects.filter(seafarer=world.seafarer)
    return Endpoint(
        _api_post(
            "/api/v1/screenings",
            {"instrument": "phq4", "answers": answers},
            {"answers": other},
        ),
        mine.count,
        lambda: list(mine.values_list("answers", flat=True)),
        world.seafarer,
        api=True,
    )


def web_screening(world: World) -> Endpoint:
    screening = _screening(world)
    answers = answers_for("phq4")
    other = answers_for("phq4", 1)
    mine = Response.objects.filter(seafarer=world.seafarer)
    return Endpoint(
        _web_post(f"/screening/{screening.pk}/phq4/", answers, other, "key"),
        mine.count,
        lambda: list(mine.values_list("answers", flat=True)),
        world.seafarer,
        api=False,
    )


def api_question(world: World) -> Endpoint:
    mine = Question.objects.filter(seafarer=world.seafarer)
    return Endpoint(
        _api_post(
            "/api/v1/inquiries/questions",
            {"category": "physical", "title": "头疼睡不好", "body": BODY},
            {"title": "头疼"},
        ),
        mine.count,
        lambda: list(mine.values_list("title", flat=True)),
        world.seafarer,
        api=True,
    )


def web_question(world: World) -> Endpoint:
    mine = Question.objects.filter(seafarer=world.seafarer)
    form = {"category": "physical", "title": "头疼睡不好", "body": BODY}
    return Endpoint(
        _web_post("/inquiries/ask/", form, {"title": "头疼"}, "key"),
        mine.count,
        lambda: list(mine.values_list("title", flat=True)),
        world.seafarer,
        api=False,
    )


def _follow_ups(question: Question) -> Any:
    return Reply.objects.filter(question=question, kind=Reply.Kind.FOLLOW_UP)


def api_follow_up(world: World) -> Endpoint:
    question = _question(world)
    mine = _follow_ups(question)
    return Endpoint(
        _api_post(
            f"/api/v1/inquiries/questions/{question.pk}/follow-ups",
            {"body": "今天好一点了"},
            {"body": "今天更疼了"},
        ),
        mine.count,
        lambda: [reply.body for reply in mine],
        world.seafarer,
        api=True,
    )


def web_follow_up(world: World) -> Endpoint:
    question = _question(world)
    mine = _follow_ups(question)
    return Endpoint(
        _web_post(
            f"/inquiries/{question.pk}/follow-up/",
            {"body": "今天好一点了"},
            {"body": "今天更疼了"},
            "key",
        ),
        mine.count,
        lambda: [reply.body for reply in mine],
        world.seafarer,
        api=False,
    )


def web_reply(world: World) -> Endpoint:
    question = _question(world)
    mine = Reply.objects.filter(question=question, author=world.clinician)
    return Endpoint(
        _web_post(
            f"/inquiries/staff/{question.pk}/reply/",
            {"kind": "answer", "body": "多喝水,按时休息。"},
            {"body": "请联系船长。"},
            "idempotency_key",
        ),
        mine.count,
        lambda: [(reply.kind, reply.body) for reply in mine],
        world.clinician,
        api=False,
    )


def api_call(world: World) -> Endpoint:
    mine = HotlineCall.objects.filter(seafarer=world.seafarer)
    return Endpoint(
        _api_post("/api/v1/hotline/calls", {"anonymous": False}, {"anonymous": True}),
        mine.count,
        lambda: list(mine.values_list("anonymous", flat=True)),
        world.seafarer,
        api=True,
    )


def web_call(world: World) -> Endpoint:
    mine = HotlineCall.objects.filter(seafarer=world.seafarer)
    return Endpoint(
        _web_post("/hotline/join/", {}, {"anonymous": "1"}, "key"),
        mine.count,
        lambda: list(mine.values_list("anonymous", flat=True)),
        world.seafarer,
        api=False,
    )


def api_callback(world: World) -> Endpoint:
    mine = CallbackRequest.objects.filter(seafarer=world.seafarer)
    return Endpoint(
        _api_post(
            "/api/v1/hotline/callbacks",
            _callback_fields(api=True),
            {"number": "+870 773 999 999"},
        ),
        mine.count,
        lambda: list(mine.values_list("number", flat=True)),
        world.seafarer,
        api=True,
    )


def web_callback(world: World) -> Endpoint:
    mine = CallbackRequest.objects.filter(seafarer=world.seafarer)
    return Endpoint(
        _web_post(
            "/hotline/callbacks/new/",
            _callback_fields(api=False),
            {"number": "+870 773 999 999"},
            "key",
        ),
        mine.count,
        lambda: list(mine.values_list("number", flat=True)),
        world.seafarer,
        api=False,
    )


def web_help_now(world: World) -> Endpoint:
    mine = HelpRequest.objects.filter(seafarer=world.seafarer)
    return Endpoint(
        # A press has no payload: nothing can differ (see test_a_press_has_nothing_to_differ).
        _web_post("/alerts/help-now/", {}, {}, "key"),
        mine.count,
        lambda: list(mine.values_list("pk", flat=True)),
        world.seafarer,
        api=False,
    )


def web_help_callback(world: World) -> Endpoint:
    from seafarers_home.alerts.actions.help_now import do_press_help_now

    press = do_press_help_now(world.seafarer, idempotency_key="press-1")
    mine = CallbackRequest.objects.filter(seafarer=world.seafarer)
    return Endpoint(
        _web_post(
            f"/alerts/help-now/{press.pk}/callback/",
            _callback_fields(api=False),
            {"number": "+870 773 999 999"},
            "key",
        ),
        mine.count,
        lambda: list(mine.values_list("number", flat=True)),
        world.seafarer,
        api=False,
    )


def web_alert_outcome(world: World) -> Endpoint:
    alert = do_raise_crisis_alert(
        world.seafarer, source="screening", source_id="1", reason="phq9_item9"
    )
    mine = AlertAction.objects.filter(alert=alert).exclude(idempotency_key="")
    return Endpoint(
        _web_post(
            f"/alerts/{alert.pk}/outcome/",
            {"outcome": "phone", "note": "已通话,安全"},
            {"note": "已通话,转介门诊"},
            "key",
        ),
        mine.count,
        lambda: (
            [action.note for action in mine],
            CrisisAlert.objects.get(pk=alert.pk).status,
        ),
        world.clinician,
        api=False,
    )


def _appointments(world: World) -> Any:
    return Appointment.objects.filter(seafarer=world.seafarer, status="booked")


def api_booking(world: World) -> Endpoint:
    slot = make_slot(world, at_hospital(hospital_day(3), 10))
    mine = _appointments(world)
    return Endpoint(
        _api_post(
            "/api/v1/consultations/appointments",
            {"slot_id": slot.pk, "reason": "睡不好", "share_screening": False},
            {"reason": "想换个时间聊"},
        ),
        mine.count,
        lambda: list(mine.values_list("slot_id", "reason")),
        world.seafarer,
        api=True,
    )


def web_booking(world: World) -> Endpoint:
    slot = make_slot(world, at_hospital(hospital_day(3), 10))
    mine = _appointments(world)
    return Endpoint(
        _web_post(
            f"/consultations/book/{slot.pk}/",
            {"reason": "睡不好"},
            {"reason": "想换个时间聊"},
            "idempotency_key",
        ),
        mine.count,
        lambda: list(mine.values_list("slot_id", "reason")),
        world.seafarer,
        api=False,
    )


def web_reschedule(world: World) -> Endpoint:
    first = make_slot(world, at_hospital(hospital_day(3), 10))
    appointment = do_book_consultation(
        world.seafarer, first, reason="想聊聊", share_screening=False
    )
    later = make_slot(world, at_hospital(hospital_day(4), 15))
    other = make_slot(world, at_hospital(hospital_day(5), 15))
    mine = Appointment.objects.filter(seafarer=world.seafarer)
    return Endpoint(
        _web_post(
            f"/consultations/appointments/{appointment.pk}/reschedule/",
            {"slot": later.pk},
            {"slot": other.pk},
            "idempotency_key",
        ),
        lambda: mine.filter(slot__in=[later, other]).count(),
        lambda: sorted(mine.values_list("slot_id", "status")),
        world.seafarer,
        api=False,
    )


def web_green_channel(world: World) -> Endpoint:
    from seafarers_home.consultations.green_channel import free_green_slots
    from seafarers_home.voyages.green_referrals import do_refer_to_green_channel
    from tests.voyages_green.conftest import publish

    publish(world, days=1)
    slot = free_green_slots(1)[0]
    do_refer_to_green_channel(world.seafarer, source="clinician", referred_by=world.clinician)
    mine = _appointments(world)
    return Endpoint(
        _web_post(
            f"/voyages/green-channel/book/{slot.pk}/",
            {"reason": "回家后总睡不着"},
            {"reason": "想找医生聊聊"},
            "key",
        ),
        mine.count,
        lambda: list(mine.values_list("slot_id", "reason")),
        world.seafarer,
        api=False,
    )


ENDPOINTS: dict[str, Callable[[World], Endpoint]] = {
    "api screening response": api_screening,
    "web screening page": web_screening,
    "api question": api_question,
    "web question": web_question,
    "api follow-up": api_follow_up,
    "web follow-up": web_follow_up,
    "web clinician reply": web_reply,
    "api hotline call": api_call,
    "web hotline call": web_call,
    "api callback": api_callback,
    "web callback": web_callback,
    "web help now": web_help_now,
    "web help-now callback": web_help_callback,
    "web alert outcome": web_alert_outcome,
    "api booking": api_booking,
    "web booking": web_booking,
    "web reschedule": web_reschedule,
    "web green-channel booking": web_green_channel,
}
WITH_PAYLOAD = [name for name in ENDPOINTS if name != "web help now"]


def _prepare(world: World, name: str) -> Endpoint:
    give_health_consent(world.seafarer)
    return ENDPOINTS[name](world)


def _clients(endpoint: Endpoint) -> Callable[[], Client]:
    return (_api_client if endpoint.api else _web_client)(endpoint.user)


def _assert_conflict(endpoint: Endpoint, response: Any) -> None:
    if endpoint.api:
        assert response.status_code == 422, response.content
        assert response.json()["code"] == "idempotency_conflict"
    else:
        assert response.status_code < 500
        assert FORM_CONFLICT in response.content.decode(), response.content.decode()[:2000]


@pytest.mark.parametrize("name", WITH_PAYLOAD)
def test_the_same_key_with_another_payload_is_a_conflict_and_changes_nothing(
    world: World, name: str
) -> None:
    endpoint = _prepare(world, name)
    client = _clients(endpoint)()
    first = endpoint.send(client, "key-1", False)
    assert first.status_code in (200, 201), first.content.decode()[:2000]
    assert endpoint.count() == 1
    resent = endpoint.send(client, "key-1", False)
    assert resent.status_code == 200 and endpoint.count() == 1
    before = endpoint.state()
    _assert_conflict(endpoint, endpoint.send(client, "key-1", True))
    assert endpoint.count() == 1
    assert endpoint.state() == before


def test_a_press_has_nothing_to_differ(world: World) -> None:
    endpoint = _prepare(world, "web help now")
    client = _clients(endpoint)()
    endpoint.send(client, "key-1", False)
    endpoint.send(client, "key-1", False)
    assert endpoint.count() == 1


def _race(endpoint: Endpoint, key: str) -> list[int]:
    make_client = _clients(endpoint)
    barrier = threading.Barrier(COPIES)
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def send() -> None:
        try:
            client = make_client()
            barrier.wait(timeout=30)
            response = endpoint.send(client, key, False)
            with lock:
                statuses.append(response.status_code)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return sorted(statuses)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL; SQLite serialises them",
)
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_copies_sent_at_once_store_one_object(
    health_consent_document: object, world: World, name: str
) -> None:
    endpoint = _prepare(world, name)
    statuses = _race(endpoint, "race-1")
    assert endpoint.count() == 1
    if endpoint.api:
        assert statuses == [200] * (COPIES - 1) + [201], statuses
    else:
        assert statuses == [200] * COPIES, statuses  # each followed to its page
