from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from seafarers_home.api.errors import IDEMPOTENCY_KEY_HEADER
from tests.api.conftest import make_token


def _valid_key(key: object) -> bool:
    limits = IDEMPOTENCY_KEY_HEADER
    return (
        isinstance(key, str)
        and limits["min_length"] <= len(key) <= limits["max_length"]
        and re.fullmatch(limits["pattern"], key) is not None
    )


def test_it_serves_a_valid_openapi_3_document_with_the_bearer_scheme(db):
    from jsonschema_rs import validator_for  # noqa: F401 - schemathesis' own validator

    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    schemes = doc["components"]["securitySchemes"]
    assert schemes["BearerTokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "opaque",
        "description": schemes["BearerTokenAuth"]["description"],
    }
    me = doc["paths"]["/api/v1/me"]
    assert {"BearerTokenAuth": []} in me["get"]["security"]
    assert me["get"]["responses"]["401"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    assert "/api/v1/organisations/vessels" in doc["paths"]
    # Loading it with schemathesis validates it against the OpenAPI 3 meta-schema.
    schemathesis.openapi.from_dict(doc).validate()


def test_it_documents_the_token_endpoint(db):
    doc = Client().get("/api/openapi.json").json()
    token = doc["paths"]["/api/v1/auth/token"]["post"]
    assert token.get("security") in (None, [])
    assert "200" in token["responses"] or "201" in token["responses"]


def test_it_serves_the_docs_from_our_own_static_files(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', html)
    assert any("swagger-ui-bundle" in url for url in urls)
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
    assert "http://" not in html and "https://" not in html
    assert '"validatorUrl": null' in html
    for url in urls:
        assert Client().get(url).status_code == 200, url


# Loaded at collection: the OpenAPI view needs no database. (schemathesis'
# ``pytest.from_fixture`` loader does not work with pytest 9.2, it uses a removed attribute.)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def seafarer_token(world) -> str:
    return make_token(world.seafarer, expires_in=timedelta(days=1))


@pytest.fixture
def keep_db_connection():
    """The WSGI handler closes the database connection after each request, which would end the
    test's transaction on PostgreSQL. Django's test client disconnects the same handlers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_it_keeps_every_operation_to_its_declared_schema(case, seafarer_token, keep_db_connection):
    # identity: the GZip middleware would otherwise compress, and the WSGI client does not
    # decompress.
    # A fresh Idempotency-Key per call: hypothesis repeats short keys across examples, and
    # the same key with another body is rightly refused (422 idempotency_conflict, tested per
    # endpoint in tests/idempotency); the fuzz is about bodies, not about replays.
    # A key the schema refuses stays as generated (the negative cases must stay negative).
    headers = {"Authorization": f"Bearer {seafarer_token}", "Accept-Encoding": "identity"}
    key = (case.headers or {}).get("Idempotency-Key")
    if _valid_key(key):
        headers["Idempotency-Key"] = uuid.uuid4().hex
    # A multipart file part without a filename is an ordinary form field to Django (RFC 7578
    # makes the filename optional; every real client sends one), and the input guard refuses
    # a NUL in a form field: such "schema-valid" bodies are not uploads, so for multipart
    # operations the acceptance of positive data is not checked (every other check still is).
    excluded = (
        [positive_data_acceptance] if (case.media_type or "").startswith("multipart/") else []
    )
    case.call_and_validate(headers=headers, excluded_checks=excluded)
