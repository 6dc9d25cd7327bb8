"""Junk into the message board's API, as a seafarer WITH the health-data consent (the project's
schemathesis run in tests/api/ uses a seafarer without it, who is refused before the body is
read): every answer must keep to the declared schema and none may be a 500.

Each case gets a fresh Idempotency-Key (schemathesis would otherwise resend small keys like
"0" with other bodies: a 422 idempotency_conflict, correct but not what is tested here), and
the "schema-valid request rejected" check is off: the service refuses texts that are only
whitespace or shorter than 10 characters once stripped with 422, which a JSON schema cannot
say. Everything else (response schemas, no 5xx, negative data refused) is checked."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.conftest import make_token
from tests.personas import World, give_health_consent

VALID_KEY = re.compile(r"[!-~]{1,80}")
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application()).include(
    path_regex="^/api/v1/inquiries/"
)


@pytest.fixture
def consenting_token(world: World) -> str:
    give_health_consent(world.seafarer)
    return make_token(world.seafarer, expires_in=timedelta(days=1))


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_it_keeps_every_inquiry_operation_to_its_schema(
    case,
    consenting_token,
    keep_db_connection,
):
    headers = {"Authorization": f"Bearer {consenting_token}", "Accept-Encoding": "identity"}
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and VALID_KEY.fullmatch(key):  # leave invalid keys to be refused
        case.headers["Idempotency-Key"] = uuid.uuid4().hex
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
