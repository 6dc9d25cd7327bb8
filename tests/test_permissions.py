"""The permission matrix (pretix tests/control/test_permissions.py): role × URL × status.

Every URL pattern of the project must appear in RULES below. A new view without an entry
fails ``test_it_covers_every_url``; an entry whose view lets the wrong persona in, or refuses
with another status than the rule's (404 for someone else's object, never "403 or 404"),
fails ``test_it_refuses_wrong_roles``. The WebSocket routes have their matrix in
tests/websockets/test_permissions.py.
"""

from __future__ import annotations

import importlib
import json
import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as CACHED_SESSION_PREFIX
from django.core.cache import caches
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from seafarers_home.accounts.actions import do_issue_api_token
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.screening.models import Battery, Campaign, Response, Screening
from tests.module_world import fresh_view_of
from tests.permission_rules.base import (
    CONSENTED,
    OFFICERS_AND_UNION,
    OTHER_SEAFARER,
    OWNER,
    SEAFARERS,
    SIGNED_IN,
    WORKSPACE,
    Rule,
)
from tests.personas import PERSONA_NAMES, World, login


def _vessel_a(world: World) -> dict[str, Any]:
    return {"pk": world.vessel_a.pk}


def _crisis_alert(world: World) -> dict[str, Any]:
    alert = do_raise_crisis_alert(
        world.seafarer, source="screening", source_id="harness", reason="phq9_item9"
    )
    return {"pk": alert.pk}


def _screening_of_owner(world: World) -> dict[str, Any]:
    screening = Screening.objects.create(
        seafarer=world.consented_seafarer, instrument_codes=["phq9"]
    )
    return {"pk": screening.pk}


def _response_of_owner(world: World) -> dict[str, Any]:
    response = Response.objects.create(
        seafarer=world.consented_seafarer,
        instrument_code="phq9",
        instrument_version="1.0",
        answers='{"phq9_1": 0}',
        total_score=0,
        band="minimal",
    )
    return {"response_id": response.pk}


def _completed_screening(world: World) -> dict[str, Any]:
    screening = Screening.objects.create(
        seafarer=world.seafarer,
        instrument_codes=["phq9"],
        status=Screening.Status.COMPLETED,
        completed_at=timezone.now(),
        risk_level="routine",
    )
    return {"pk": screening.pk}


def _campaign_of_company_a(world: World) -> dict[str, Any]:
    battery, _ = Battery.objects.get_or_create(
        code="pre-departure",
        defaults={
            "name": "出海前心理CT",
            "instrument_codes": ["phq9", "gad7", "who5", "auditc"],
            "is_pre_departure_default": True,
        },
    )
    campaign = Campaign.objects.create(
        title="harness",
        organisation=world.company_a,
        battery=battery,
        deadline=timezone.now() + timedelta(days=7),
        created_by=world.officer_a,
    )
    return {"pk": campaign.pk}


def _token_of_seafarer_b(world: World) -> dict[str, Any]:
    token, _plaintext = do_issue_api_token(world.seafarer_b, name="harness")
    return {"token_id": token.pk}


SIGN_IN_PAGES = ("/accounts/login/", "/accounts/two-factor/")

RULES: dict[str, Rule] = {
    # core
    "core:home": Rule(public=True),
    "core:health": Rule(public=True),
    "core:help": Rule(public=True),
    "core:healthz": Rule(public=True),
    "core:workspace": Rule(allowed=WORKSPACE),
    "set_language": Rule(public=True, method="post"),
    # accounts
    "accounts:login": Rule(public=True),
    "accounts:login_sms": Rule(public=True),
    "accounts:register": Rule(public=True),
    "accounts:logout": Rule(public=True, method="post"),
    "accounts:profile": Rule(allowed=SIGNED_IN),
    "accounts:two_factor": Rule(allowed=SIGNED_IN),
    # Nobody may revoke a token that is not theirs: this one belongs to seafarer_b.
    "accounts:revoke_token": Rule(method="post", kwargs=_token_of_seafarer_b),
    # health services: staff read what a service is for (no patient consent asked); the
    # seafarer without the health-data consent, and the outsider without a role, are asked
    # for it (403)
    "core:health_service": Rule(
        allowed=WORKSPACE | CONSENTED, refused=403, kwargs=lambda w: {"slug": "screening"}
    ),
    # organisations
    "organisations:overview": Rule(allowed=frozenset({"union_staff", "admin"})),
    "organisations:my_profile": Rule(allowed=SEAFARERS),
    "organisations:company_crew": Rule(allowed=OFFICERS_AND_UNION),
    "organisations:vessel_list": Rule(allowed=OFFICERS_AND_UNION),
    "organisations:vessel_create": Rule(allowed=frozenset({"officer_a", "officer_b"})),
    "organisations:vessel_detail": Rule(
        allowed=OFFICERS_AND_UNION, kwargs=_vessel_a, not_theirs=frozenset({"officer_b"})
    ),
    "organisations:vessel_edit": Rule(allowed=frozenset({"officer_a"}), kwargs=_vessel_a),
    # consent and personal data (documents are public to read; accepting needs a sign-in)
    "consent:privacy": Rule(public=True),
    "consent:document": Rule(public=True, kwargs=lambda w: {"kind": "health_data"}),
    "consent:overview": Rule(allowed=SIGNED_IN),
    "consent:required": Rule(allowed=SIGNED_IN),
    "consent:withdraw": Rule(allowed=SIGNED_IN, kwargs=lambda w: {"kind": "health_data"}),
    "consent:my_data": Rule(allowed=SIGNED_IN),
    "consent:my_data_export": Rule(allowed=SIGNED_IN, kwargs=lambda w: {"key": "account"}),
    "consent:my_data_erase": Rule(allowed=SIGNED_IN, kwargs=lambda w: {"key": "seafarer_profile"}),
    # audit trail
    "audit:list": Rule(allowed=frozenset({"admin"})),
    # crisis alerts
    "alerts:list": Rule(allowed=frozenset({"clinician"})),
    "alerts:acknowledge": Rule(
        allowed=frozenset({"clinician"}), method="post", kwargs=_crisis_alert
    ),
    # 心理CT: clinician review and clearances (employers see consented clearances only)
    "screening:review_queue": Rule(allowed=frozenset({"clinician"})),
    "screening:review_detail": Rule(allowed=frozenset({"clinician"}), kwargs=_completed_screening),
    "screening:clearance_new": Rule(
        allowed=frozenset({"clinician"}), method="post", kwargs=_completed_screening
    ),
    "screening:crew_clearances": Rule(allowed=OFFICERS_AND_UNION),
    # the seafarer's own health pages: the consented seafarers; the other one gets 404 on
    # the owner's screening; the seafarer without the consent gets the consent page (403)
    "screening:my_clearances": Rule(allowed=CONSENTED, health=True),
    "screening:start": Rule(allowed=CONSENTED, health=True),
    "screening:take": Rule(
        allowed=frozenset({OWNER}),
        not_theirs=frozenset({OTHER_SEAFARER}),
        health=True,
        kwargs=lambda w: {**_screening_of_owner(w), "code": "phq9"},
    ),
    "screening:result": Rule(
        allowed=frozenset({OWNER}),
        not_theirs=frozenset({OTHER_SEAFARER}),
        health=True,
        kwargs=_screening_of_owner,
    ),
    "screening:history": Rule(allowed=CONSENTED, health=True),
    # 心理CT: campaigns and training
    "screening:campaign_list": Rule(allowed=OFFICERS_AND_UNION),
    "screening:campaign_new": Rule(allowed=OFFICERS_AND_UNION),
    "screening:campaign_detail": Rule(
        allowed=OFFICERS_AND_UNION,
        kwargs=_campaign_of_company_a,
        not_theirs=frozenset({"officer_b"}),
    ),
    "screening:campaign_import": Rule(
        allowed=OFFICERS_AND_UNION,
        kwargs=_campaign_of_company_a,
        not_theirs=frozenset({"officer_b"}),
    ),
    "screening:training": Rule(allowed=SEAFARERS),
    "screening:lesson": Rule(allowed=SEAFARERS, kwargs=lambda w: {"slug": "alcohol"}),
    "screening:breathe": Rule(allowed=SEAFARERS),
    # API
    "api:issue_token": Rule(public=True, method="post"),
    "api:openapi-json": Rule(public=True),
    "api:openapi-view": Rule(public=True),
    "api:me": Rule(allowed=SIGNED_IN),
    "api:patch_me": Rule(allowed=SIGNED_IN, method="patch"),
    "api:vessel_list": Rule(allowed=OFFICERS_AND_UNION, refused=403),
    "api:instrument_list": Rule(allowed=SIGNED_IN),
    "api:instrument_fhir": Rule(allowed=SIGNED_IN, kwargs=lambda w: {"code": "phq9"}),
    # the API answers a missing role or consent with 403 and a code
    "api:screening_submit": Rule(
        allowed=CONSENTED, method="post", refused=403, health=True, allowed_answer=422
    ),
    "api:screening_list": Rule(allowed=CONSENTED, refused=403, health=True),
    "api:screening_fhir": Rule(
        allowed=frozenset({"clinician", OWNER}),
        not_theirs=frozenset({OTHER_SEAFARER}),
        kwargs=_response_of_owner,
    ),
}


def _merge_area_rules() -> None:
    """Each service area keeps its rules in tests/permission_rules/<area>.py."""
    package = Path(__file__).parent / "permission_rules"
    for module_file in sorted(package.glob("*.py")):
        if module_file.stem in ("__init__", "base"):
            continue
        module = importlib.import_module(f"tests.permission_rules.{module_file.stem}")
        clash = set(module.RULES) & set(RULES)
        assert not clash, f"rules defined twice: {sorted(clash)}"
        RULES.update(module.RULES)


_merge_area_rules()

# URL names outside the matrix, each with the reason (still checked below).
EXEMPT_NAMES = {
    "api:api-root": "django-ninja's reverse-only root: answers 404 to everyone",
    "core:metrics": "Prometheus figures behind METRICS_TOKEN, not a sign-in: 404 to everyone "
    "without the token (tests/ops/test_metrics.py)",
    "core:coming_soon": "every scene of web/scenes.py has landed: the coming-soon page answers "
    "404 to everyone (tests/core/test_home.py shows it for a scene still to come)",
}
# What an exempt route's parameters are filled with.
EXEMPT_KWARGS = {"core:coming_soon": {"slug": "rights"}}

# Machine-to-machine endpoints authenticated by a signature, not a sign-in: outside the matrix,
# checked by test_it_refuses_unsigned_machine_requests below and by their own tests.
MACHINE_ENDPOINTS = {
    "hotline:webhook_cdr": "the phone system's HMAC-signed call detail records",
    "sea_frames:gateway": "the satellite gateways' HMAC-signed frame deliveries",
    "short_messages:gateway_sms": "the SMS platform's HMAC-signed inbound messages",
    "short_messages:gateway_beidou": "the BeiDou short-message service's HMAC-signed messages",
    "short_messages:gateway_iridium": "Iridium SBD's HMAC-signed mobile-originated messages",
}

# URL prefixes outside the matrix, each with the reason.
EXEMPT_PREFIXES = {
    "admin/": "the Django admin: covered by test_it_keeps_the_admin_to_staff below",
    "static/": "static files",
    "media/": "uploaded media (DEBUG only)",
}


def iter_patterns(
    resolvers: list[URLPattern | URLResolver] | None = None,
    prefix: str = "",
    namespace: str | None = None,
) -> Iterator[tuple[str, str]]:
    """Yield (route, name) for every URL pattern, names qualified by namespace."""
    if resolvers is None:
        resolvers = get_resolver().url_patterns
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            qualified = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_patterns(entry.url_patterns, route, qualified)
        else:
            name = entry.name or route
            yield route, f"{namespace}:{name}" if namespace and entry.name else name


def project_patterns() -> list[tuple[str, str]]:
    return [
        (route, name)
        for route, name in iter_patterns()
        if not any(route.startswith(p) for p in EXEMPT_PREFIXES)
        and name not in EXEMPT_NAMES
        and name not in MACHINE_ENDPOINTS
    ]


CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def build_path(route: str, kwargs: dict[str, Any]) -> str:
    path = CONVERTER.sub(lambda m: str(kwargs[m.group("name")]), route)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    return "/" + path


def _request(client: Client, rule: Rule, path: str, **extra: Any) -> Any:
    if rule.method == "post" and path.startswith("/api/"):
        # What an API client sends: JSON and an Idempotency-Key (the writes require one).
        body = json.dumps(rule.data())
        extra.setdefault("HTTP_IDEMPOTENCY_KEY", uuid.uuid4().hex)
        return client.post(path, body, content_type="application/json", **extra)
    if rule.method == "post":
        return client.post(path, rule.data(), **extra)
    if rule.method == "patch":
        return client.patch(path, "{}", content_type="application/json", **extra)
    return client.get(path, **extra)


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """The matrix only reads the world: built once for the module (tests/conftest.py)."""
    return fresh_view_of(module_world)


@pytest.fixture(scope="module")
def persona_clients(module_world: World, module_writes: Any) -> dict[str, tuple[Client, str]]:
    """A client and a signed-in session per persona, made once for the module (inside the
    module world's transaction): signing in was a third of the matrix's time."""
    clients = {}
    with module_writes():
        for persona in PERSONA_NAMES:
            client = login(Client(), module_world.persona(persona))
            clients[persona] = (client, client.cookies[settings.SESSION_COOKIE_NAME].value)
    return clients


@pytest.fixture
def signed_in(persona_clients: dict[str, tuple[Client, str]], world: World) -> Any:
    """signed_in("clinician") -> that persona's client with only its session cookie. The
    session row is as signed in (the test's transaction rolls back what a request changed in
    it); its copy in the session cache, which does not roll back, is dropped first."""
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db":
        caches[settings.SESSION_CACHE_ALIAS].delete_many(
            [CACHED_SESSION_PREFIX + key for _client, key in persona_clients.values()]
        )

    def make(persona: str) -> Client:
        client, key = persona_clients[persona]
        client.cookies = SimpleCookie({settings.SESSION_COOKIE_NAME: key})
        return client

    return make


def test_it_covers_every_url() -> None:
    missing = sorted({name for _, name in project_patterns() if name not in RULES})
    assert not missing, f"URL patterns without a permission rule in RULES: {missing}"


def test_it_names_no_url_that_does_not_exist() -> None:
    names = {name for _, name in project_patterns()}
    stale = sorted(set(RULES) - names)
    assert not stale, f"RULES names URLs that no longer exist: {stale}"


def _routes() -> list[tuple[str, str]]:
    return [(route, name) for route, name in project_patterns() if name in RULES]


@pytest.mark.parametrize(("route", "name"), _routes())
def test_it_refuses_anonymous_visitors(world: World, route: str, name: str) -> None:
    rule = RULES[name]
    path = build_path(route, rule.kwargs(world))
    response = _request(Client(), rule, path)
    if rule.public:
        assert response.status_code < 500, (name, response.status_code)
        assert response.status_code not in (401, 403, 404), (name, response.status_code)
        return
    if path.startswith("/api/"):
        assert response.status_code == 401, (name, response.status_code)
    else:
        assert response.status_code == 302, (name, response.status_code)
        assert "/accounts/login/" in response["Location"], (name, response["Location"])


@pytest.mark.parametrize(("route", "name"), _routes())
def test_it_refuses_wrong_roles(world: World, signed_in: Any, route: str, name: str) -> None:
    rule = RULES[name]
    if rule.public:
        return
    path = build_path(route, rule.kwargs(world))
    for persona in PERSONA_NAMES:
        response = _request(signed_in(persona), rule, path)
        expected = rule.expected(persona)
        if expected is None and rule.allowed_answer is not None:
            assert response.status_code == rule.allowed_answer, (name, persona, response)
        elif expected is None:
            assert response.status_code < 400, (name, persona, response.status_code)
            # Let in, not sent to sign in again (a session lost between tests would pass
            # "< 400" with a redirect to the login page).
            assert not response.get("Location", "").startswith(SIGN_IN_PAGES), (
                name,
                persona,
                response["Location"],
            )
        else:
            assert response.status_code == expected, (name, persona, response.status_code)


def test_it_answers_404_at_exempt_names(world: World) -> None:
    for route, name in iter_patterns():
        if name in EXEMPT_NAMES:
            path = build_path(route, EXEMPT_KWARGS.get(name, {}))
            assert Client().get(path).status_code == 404, name


def test_it_refuses_unsigned_machine_requests(world: World) -> None:
    for route, name in iter_patterns():
        if name in MACHINE_ENDPOINTS:
            path = build_path(route, {})
            assert Client().post(path, {}).status_code == 401, name
            assert login(Client(), world.admin).post(path, {}).status_code == 401, name
            assert Client().get(path).status_code == 405, name


def test_it_keeps_the_admin_to_staff(world: World) -> None:
    for persona in PERSONA_NAMES:
        response = login(Client(), world.persona(persona)).get("/admin/")
        if persona == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, persona
            assert "/admin/login/" in response["Location"]


def test_it_asks_staff_for_two_factor_before_anything_else(world: World) -> None:
    for persona in ("clinician", "counsellor", "union_staff", "admin"):
        client = login(Client(), world.persona(persona), two_factor=False)
        response = client.get("/workspace/")
        assert response.status_code == 302, persona
        assert response["Location"].startswith("/accounts/two-factor/"), persona


def test_it_shows_each_workspace_tool_only_to_whom_its_page_admits(world: World) -> None:
    """The workspace is derived from the views' own rules: every tool a persona is shown
    opens for them, and every planned tool's view declares its rule."""
    from seafarers_home.web.navigation import PLANS, tool_permission, workspace_sections

    for plan in PLANS:
        for _label, name in plan.tools:
            tool_permission(name)  # raises when a view declares no rule
    shown_somewhere = set()
    for persona in PERSONA_NAMES:
        user = world.persona(persona)
        client = login(Client(), user)
        for section in workspace_sections(user):
            for tool in section.tools:
                shown_somewhere.add(tool.url)
                status = client.get(tool.url).status_code
                assert status < 400, (persona, tool.url, status)
    assert "/alerts/" in shown_somewhere
