"""The wallet's API (issue 12 item 6): the certificate kinds, my certificates with their validity
on my own day, recording one (``Idempotency-Key``: a resend after a dropped link records it
once) and correcting one. The same access function and actions as the web pages; photos are
added on the web page (the JSON API carries none). Seafarers only (403 and a code for anyone
else); nothing in the wallet is health data, so no health-data consent is asked."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.utils.translation import gettext_lazy as _
from ninja import Header, Path, Router, Schema, Status
from pydantic import Field

from seafarers_home.api.errors import (
    IDEMPOTENCY_KEY_HEADER,
    clean_idempotency_key,
    error_responses,
)
from seafarers_home.api.requests import AuthenticatedApiRequest
from seafarers_home.certificates.access import get_own_certificate
from seafarers_home.certificates.actions import (
    ISSUER_MAX,
    NUMBER_MAX,
    CertificateInvalid,
    ProviderRecord,
    do_add_certificate,
    do_update_certificate,
)
from seafarers_home.certificates.api_schemas import (
    MAX_ID,
    SEAFARER_AUTH,
    WRITE_ERRORS,
    Day,
    Words,
    invalid,
    refused,
)
from seafarers_home.certificates.kinds import all_kinds, kind_name
from seafarers_home.certificates.models import Certificate
from seafarers_home.certificates.validity import status_on, today_for, wallet_entries
from seafarers_home.core.idempotency import was_replayed

router = Router(tags=["certificates"])
PROVIDER_RECORD = _("这是培训机构签发的证书记录,不能修改。")
if TYPE_CHECKING:
    # The list of kinds is built at import time, which a static Literal cannot express.
    KindCode = str
else:
    KindCode = Literal[tuple(kind.code for kind in all_kinds())]


class KindOut(Schema):
    code: str
    name: str
    group: str
    expires: bool = Field(..., description="Certificates of this kind need an expiry date.")


class CertificateIn(Schema):
    kind: KindCode = Field(..., description="A `code` of GET /certificates/kinds.")
    number: Words = Field(..., max_length=NUMBER_MAX)
    issuer: Words = Field(..., max_length=ISSUER_MAX)
    issued_on: Day
    expires_on: Day | None = Field(
        None,
        description="Required for a kind that expires; not before `issued_on`. Broken, these "
        "rules between fields answer 409 `invalid` with `errors` by field.",
    )


FIELDS = ("kind", "number", "issuer", "issued_on", "expires_on")


class CertificatePatch(Schema):
    """The fields that change; absent ones stay as they are."""

    # None only marks a field as absent (model_dump(exclude_unset=True)); a null sent is
    # refused, so the types stay without None (as organisations' MePatchIn).
    kind: KindCode = Field(None, description="A `code` of GET /certificates/kinds.")  # type: ignore[assignment]
    number: Words = Field(None, max_length=NUMBER_MAX)  # type: ignore[assignment]
    issuer: Words = Field(None, max_length=ISSUER_MAX)  # type: ignore[assignment]
    issued_on: Day = Field(None)  # type: ignore[assignment]
    expires_on: Day | None = Field(None)


class CertificateOut(Schema):
    id: int
    kind: str
    kind_name: str
    number: str
    issuer: str
    issued_on: datetime.date
    expires_on: datetime.date | None
    status: str = Field(..., description="valid, soon (within 90 days) or expired, on my day")
    days_left: int | None
    from_provider: bool = Field(..., description="Issued by a training provider: read-only.")
    has_photo: bool
    renewal_url: str = Field("", description="The next course that renews it, when one does.")


def _out(
    certificate: Certificate, status: str, days_left: int | None, renewal: str = ""
) -> dict[str, Any]:
    return {
        "id": certificate.pk,
        "kind": certificate.kind,
        "kind_name": kind_name(certificate.kind),
        "number": certificate.number,
        "issuer": certificate.issuer,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "status": status,
        "days_left": days_left,
        "from_provider": certificate.from_provider,
        "has_photo": certificate.has_photo,
        "renewal_url": renewal,
    }


def _single(request: AuthenticatedApiRequest, certificate: Certificate) -> dict[str, Any]:
    today = today_for(request.auth)
    days = (certificate.expires_on - today).days if certificate.expires_on else None
    return _out(certificate, status_on(certificate, today), days)


@router.get(
    "/certificates/kinds",
    response={200: list[KindOut], **error_responses(401, 403)},
    summary="Certificate kinds",
    url_name="certificate_kinds",
    auth=SEAFARER_AUTH,
)
def kinds(request: AuthenticatedApiRequest) -> list[dict[str, Any]]:
    return [
        {"code": k.code, "name": k.name, "group": k.group, "expires": k.expires}
        for k in all_kinds()
    ]


@router.get(
    "/certificates",
    response={200: list[CertificateOut], **error_responses(401, 403)},
    summary="My certificates, expired and soon-expiring first",
    url_name="certificate_list",
    auth=SEAFARER_AUTH,
)
def my_certificates(request: AuthenticatedApiRequest) -> list[dict[str, Any]]:
    entries = wallet_entries(request.auth, today_for(request.auth))
    return [_out(e.certificate, e.status, e.days_left, e.renewal_url) for e in entries]


@router.post(
    "/certificates",
    response={200: CertificateOut, 201: CertificateOut, **WRITE_ERRORS},
    summary="Record a certificate",
    description="Send an `Idempotency-Key` and repeat it unchanged after a dropped link: the "
    "certificate recorded the first time comes back (200). The same key with other fields "
    "answers 422 `idempotency_conflict`; fields that contradict each other 409 `invalid`.",
    url_name="certificate_add",
    auth=SEAFARER_AUTH,
)
def add(
    request: AuthenticatedApiRequest,
    payload: CertificateIn,
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    key = clean_idempotency_key(idempotency_key)
    try:
        certificate = do_add_certificate(
            request.auth, **payload.model_dump(), idempotency_key=key, request=request
        )
    except CertificateInvalid as error:
        return invalid(error.errors)
    return Status(200 if was_replayed(certificate) else 201, _single(request, certificate))


@router.patch(
    "/certificates/{certificate_id}",
    response={200: CertificateOut, **WRITE_ERRORS},
    summary="Correct or renew one of my certificates",
    description="Send only the fields that change (`expires_on: null` removes the expiry "
    "date of a kind that does not expire). A new expiry date starts its reminders afresh. A "
    "training provider's record answers 409 `provider_record`; fields that then contradict "
    "each other 409 `invalid`.",
    url_name="certificate_update",
    auth=SEAFARER_AUTH,
)
def update(
    request: AuthenticatedApiRequest,
    payload: CertificatePatch,
    certificate_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    certificate = get_own_certificate(request.auth, certificate_id)
    values = {name: getattr(certificate, name) for name in FIELDS}
    values.update(payload.model_dump(exclude_unset=True))
    try:
        certificate = do_update_certificate(certificate, request.auth, **values, request=request)
    except CertificateInvalid as error:
        return invalid(error.errors)
    except ProviderRecord:
        return refused("provider_record", PROVIDER_RECORD)
    return _single(request, certificate)
