"""Issue 18 item 8: no input causes a 5xx. Every form of every URL in the permission matrix,
and every write of the OpenAPI document, gets NUL characters, very long and out-of-range
values; the answer must be below 500 (a refusal in words, or a success).

Web forms: each URL is opened as a persona who may use it (the seafarer with the health
consent for the health services), the POST forms on the page are read, and each is posted
once per round (NUL, long, far, early, everything): the round's value goes to every field of
its kind, the other fields keep what the page offers. URLs that only take a POST get the same
values under the names their rule posts and a few common ones. API: each POST/PATCH/PUT
operation gets bodies built from its schema with one property bad at a time (the others
plausible) and one all bad, then an out-of-range path id and bad Idempotency-Keys."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import make_token
from tests.module_world import fresh_view_of
from tests.personas import PERSONA_NAMES, World, give_health_consent, login
from tests.test_permissions import RULES, build_path, project_patterns

LONG = "长" * 70_000 + "x" * 70_000  # past every max_length and the CSV cell limit
HUGE = "9" * 30
TEXT_KINDS = frozenset({"text", "textarea", "hidden", "search", "tel", "email", "password"})
# One round per kind of bad value: (text, number, date, datetime); None keeps the value the
# page offers, so that the bad value of one kind reaches the code behind the other fields.
ROUNDS: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    "nul": ("a\x00b", None, None, None),
    "long": (LONG, HUGE, "9999-12-31", "9999-12-31T23:59"),
    "far": (None, HUGE, "9999-12-31", "9999-12-31T23:59"),
    "early": (None, "-" + HUGE, "0001-01-01", "0001-01-01T00:00"),
    "everything": ("a\x00b", "-" + HUGE, "0001-01-01", "0001-01-01T00:00"),
}
COMMON_FIELDS = ("key", "reason", "body", "note", "outcome", "title", "date", "number")


class _Forms(HTMLParser):
    """The POST forms of a page: action, and per field its input type and offered value."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, tuple[str, str]]]] = []
        self._fields: dict[str, tuple[str, str]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._fields = {}
            self.forms.append((a.get("action", ""), self._fields))
            return
        if self._fields is None:
            return
        if tag == "option" and self._select is not None:
            kind, value = self._fields[self._select]
            if not value or "selected" in a:
                self._fields[self._select] = (kind, a.get("value", ""))
            return
        name, kind = a.get("name"), a.get("type", tag).lower()
        if not name or name == "csrfmiddlewaretoken" or kind in ("submit", "file", "button"):
            return
        if kind in ("checkbox", "radio"):
            if name not in self._fields or "checked" in a:
                self._fields[name] = (kind, a.get("value", "on"))
            return
        self._fields[name] = (kind, a.get("value", ""))
        self._select = name if tag == "select" else None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        if tag == "select":
            self._select = None


def _bad(kind: str, offered: str, round_: str) -> str:
    text, number, date, datetime_ = ROUNDS[round_]
    if kind == "number":
        bad = number
    elif kind == "date":
        bad = date
    elif kind in ("datetime-local", "datetime"):
        bad = datetime_
    elif kind in TEXT_KINDS or kind == "select":
        bad = text
    else:
        bad = None
    return offered if bad is None else bad


@pytest.fixture(scope="module")
def consented_world(module_world: World, module_writes: Any) -> World:
    with module_writes():
        give_health_consent(module_world.seafarer)
    return module_world


@pytest.fixture
def world(consented_world: World, db: None) -> World:
    """Built once for the module (tests/conftest.py ``module_world``): each case's own writes
    roll back to it."""
    return fresh_view_of(consented_world)


def _persona_for(rule: Any) -> str | None:
    if rule.public:
        return None
    allowed = [p for p in PERSONA_NAMES if p in rule.allowed and p not in rule.not_theirs]
    return allowed[0] if allowed else "seafarer"  # health pages: the seafarer, consented


def _web_cases() -> list[tuple[str, str]]:
    return [(route, name) for route, name in project_patterns() if name in RULES]


@pytest.mark.parametrize(("route", "name"), _web_cases())
def test_no_form_answers_5xx_to_bad_values(world: World, route: str, name: str) -> None:
    rule = RULES[name]
    persona = _persona_for(rule)
    client = Client() if persona is None else login(Client(), world.persona(persona))
    path = build_path(route, rule.kwargs(world))
    if path.startswith("/api/"):
        return  # the API operations are below
    targets: list[tuple[str, dict[str, tuple[str, str]]]] = []
    if rule.method == "get":
        page = client.get(path)
        assert page.status_code < 500, (name, page.status_code)
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            parser = _Forms()
            parser.feed(page.content.decode())
            targets = [(action or path, fields) for action, fields in parser.forms]
    else:
        fields = {
            key: ("text", str(v))
            for key, v in {**dict.fromkeys(COMMON_FIELDS, ""), **rule.data()}.items()
        }
        targets = [(path, fields)]
    for action, fields in targets:
        if not action.startswith("/") or action.startswith("/api/"):
            continue
        for round_ in ROUNDS:
            data = {f: _bad(kind, offered, round_) for f, (kind, offered) in fields.items()}
            response = client.post(action, data)
            assert response.status_code < 500, (name, action, round_, response.status_code)


# -- the API -----------------------------------------------------------------------------------


# The API's bad values per kind (text, number, date-time); each request makes one field bad
# and gives the others a plausible value (the first enum value, 1, a time in the next hours),
# so that the bad value reaches the code behind the validation of the others.
API_ROUNDS: dict[str, tuple[str, int, str]] = {
    "nul": ("a\x00b", 0, "2027-01-01T10:00:00\x00+00:00"),
    "long": (LONG, 10**20, "9999-12-31T23:59:59-14:00"),
    "early": ("", -(10**20), "0001-01-01T00:00:00+14:00"),
}


def _plausible_time(index: int) -> str:
    return (timezone.now() + timedelta(hours=1 + 2 * index)).isoformat()


@cache
def _openapi() -> dict[str, Any]:
    from seafarers_home.api.urls import api

    return api.get_openapi_schema()


def _api_writes() -> list[tuple[str, str]]:
    doc = _openapi()
    return [
        (path, method)
        for path, operations in doc["paths"].items()
        for method in operations
        if method in ("post", "patch", "put")
    ]


def _resolve(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].split("/")[-1]]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return _resolve(schema[key][0], doc)
    return schema


def _value(schema: dict[str, Any], doc: dict[str, Any], round_: str | None, index: int) -> Any:
    """A bad value of ``round_`` for ``schema``, or a plausible one when ``round_`` is None."""
    schema = _resolve(schema, doc)
    kind, fmt = schema.get("type"), schema.get("format", "")
    text, number, moment = API_ROUNDS[round_] if round_ else (None, None, None)
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        if not props:  # a free-form mapping (answers): a bad key and a bad number
            return {(text if text is not None else "phq9_1")[:200]: 1 if number is None else number}
        return {k: _value(v, doc, round_, i) for i, (k, v) in enumerate(props.items())}
    if kind == "array":
        return [_value(schema.get("items", {}), doc, round_, 0)]
    if kind in ("integer", "number"):
        return 1 if number is None else number
    if kind == "boolean":
        return True
    if fmt in ("date-time", "date"):
        value = moment or _plausible_time(index)
        return value if fmt == "date-time" else value[:10]
    if text is None:
        return schema["enum"][0] if schema.get("enum") else "13800000001"
    return text


def _bodies(schema: dict[str, Any], doc: dict[str, Any]) -> list[Any]:
    """One body per (property, round) with that property bad, plus one all bad."""
    schema = _resolve(schema, doc)
    props = list(schema.get("properties", {}).items())
    bodies = []
    for round_ in API_ROUNDS:
        bodies.append(_value(schema, doc, round_, 0))
        for name, _prop in props:
            body = {k: _value(v, doc, None, i) for i, (k, v) in enumerate(props)}
            body[name] = _value(dict(props)[name], doc, round_, props.index((name, _prop)))
            bodies.append(body)
    return bodies


@pytest.mark.parametrize(("path", "method"), _api_writes())
@pytest.mark.parametrize("persona", ["seafarer", "clinician"])
def test_no_api_write_answers_5xx_to_bad_values(
    world: World, path: str, method: str, persona: str
) -> None:
    doc = _openapi()
    operation = doc["paths"][path][method]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.persona(persona))}")
    content = operation.get("requestBody", {}).get("content", {})
    names = {p["name"]: p["in"] for p in operation.get("parameters", [])}

    def send(body: Any, *, path_value: str = "1", header: str = "fuzz") -> None:
        url, headers = path, {"HTTP_ACCEPT_LANGUAGE": "en"}
        for name, where in names.items():
            if where == "path":
                url = url.replace("{" + name + "}", path_value)
            elif where == "header":
                headers["HTTP_" + name.upper().replace("-", "_")] = header
        if body is None:
            response = getattr(client, method)(url, **headers)
        elif content_type == "application/json":
            response = getattr(client, method)(
                url, body, content_type="application/json", **headers
            )
        else:  # multipart forms: the same values as fields
            response = getattr(client, method)(url, {k: str(v) for k, v in body.items()}, **headers)
        assert response.status_code < 500, (path, body, path_value, header, response.status_code)

    media_types = list(content.items()) or [("application/json", None)]
    for content_type, media in media_types:
        schema = media.get("schema", {}) if media else None
        plausible = _value(schema, doc, None, 0) if schema else None
        # A new key per body: a replayed key would answer the stored row, not reach the code.
        for n, body in enumerate(_bodies(schema, doc) if schema else []):
            send(body, header=f"fuzz-{content_type}-{n}")
        for path_value, header in ((str(10**20), "fuzz-path"), ("1", "k\x00"), ("1", "k" * 500)):
            send(plausible, path_value=path_value, header=header)
