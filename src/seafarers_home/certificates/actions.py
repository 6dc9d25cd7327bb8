"""The wallet's writes: a seafarer adds, edits and removes their own certificates (idempotent
add, photo re-encoded like the message board's), and a training provider issues one on a
course's completion. Each action validates first (``CertificateInvalid``: nothing stored),
writes in one transaction with its audit row.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.audit.services import record_audit
from seafarers_home.certificates.kinds import get_kind
from seafarers_home.certificates.models import Certificate
from seafarers_home.core.idempotency import create_once, mark_replay, payload_digest
from seafarers_home.inquiries.photos import PhotoError, reencode_photo

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User
    from seafarers_home.organisations.models import Organisation

PURPOSE = "certificate wallet"
NUMBER_MAX = 60
ISSUER_MAX = 100
KEY_MAX = 64


class CertificateInvalid(ValueError):
    """Bad input; ``errors`` maps a field to a translated message. Nothing was stored."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class ProviderRecord(PermissionError):
    """A provider's record: the seafarer may not change or remove it."""


# A certificate's number as printed: letters (any script), digits, spaces, "-", "/" and ".",
# with at least one digit.
CERTIFICATE_NUMBER = re.compile(r"(?=.*\d)[^\W_](?:[^\W_]|[ ./\-])*\Z")


def clean_fields(
    *,
    kind: str,
    number: str,
    issuer: str,
    issued_on: datetime.date | None,
    expires_on: datetime.date | None,
) -> dict[str, Any]:
    """The certificate's fields, stripped and checked together; raises CertificateInvalid."""
    errors: dict[str, str] = {}
    fields: dict[str, Any] = {
        "kind": (kind or "").strip(),
        "number": (number or "").strip(),
        "issuer": (issuer or "").strip(),
        "issued_on": issued_on,
        "expires_on": expires_on,
    }
    found = get_kind(fields["kind"])
    if found is None:
        errors["kind"] = _("请从列表中选择证书种类。")
    # Full-width letters and digits (Ｂ－１ from a Chinese keyboard) as the plain ones.
    fields["number"] = unicodedata.normalize("NFKC", fields["number"]).strip()
    if not fields["number"]:
        errors["number"] = _("请填写证书编号。")
    elif len(fields["number"]) > NUMBER_MAX:
        errors["number"] = _("证书编号不能超过 %(n)d 个字。") % {"n": NUMBER_MAX}
    elif not CERTIFICATE_NUMBER.match(fields["number"]):
        # A training centre reads it off the wallet: "!!" is nothing anyone could check.
        errors["number"] = _("请按证书填写编号:字母、数字、空格、“-”和“/”,至少有一个数字。")
    if not fields["issuer"]:
        errors["issuer"] = _("请填写签发机构。")
    elif len(fields["issuer"]) > ISSUER_MAX:
        errors["issuer"] = _("签发机构不能超过 %(n)d 个字。") % {"n": ISSUER_MAX}
    elif sum(char.isalpha() for char in fields["issuer"]) < 2:
        errors["issuer"] = _("请写出签发机构的名称,例如“舟山海事局”。")
    if issued_on is None:
        errors["issued_on"] = _("请填写签发日期。")
    elif issued_on > timezone.localdate() + datetime.timedelta(days=1):
        # A day of slack: west of the date line a seafarer's today is the server's tomorrow.
        errors["issued_on"] = _("签发日期不能晚于今天。")
    if found is not None and found.expires and expires_on is None:
        errors["expires_on"] = _("这种证书有有效期,请填写到期日期。")
    if issued_on and expires_on and expires_on < issued_on:
        errors["expires_on"] = _("到期日期不能早于签发日期。")
    if errors:
        raise CertificateInvalid(errors)
    return fields


def _photo_fields(photo: Any, errors: dict[str, str]) -> dict[str, Any]:
    if not photo:
        return {}
    try:
        encoded = reencode_photo(photo)
    except PhotoError as exc:
        errors["photo"] = exc.message
        return {}
    return {"photo": encoded.data, "photo_byte_size": encoded.byte_size}


def do_add_certificate(
    seafarer: User,
    *,
    photo: Any = None,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
    **values: Any,
) -> Certificate:
    """Record a certificate of the seafarer's own (a replayed key returns the stored one)."""
    fields = clean_fields(**values)
    errors: dict[str, str] = {}
    photo_fields = _photo_fields(photo, errors)
    if errors:
        raise CertificateInvalid(errors)
    key = (idempotency_key or "").strip()[:KEY_MAX]
    digest = payload_digest({**fields, "photo": photo_fields.get("photo_byte_size", 0)})

    def create() -> Certificate:
        certificate = Certificate.objects.create(
            seafarer=seafarer,
            **fields,
            **photo_fields,
            idempotency_key=key,
            payload_hash=digest if key else "",
        )
        record_audit(
            seafarer,
            "certificate.add",
            target=certificate,
            purpose=PURPOSE,
            request=request,
            detail={"kind": certificate.kind},
        )
        return certificate

    mine = Certificate.objects.filter(seafarer=seafarer)
    certificate, created = create_once(mine, key, digest if key else "", create)
    return certificate if created else mark_replay(certificate)


def do_update_certificate(
    certificate: Certificate,
    seafarer: User,
    *,
    photo: Any = None,
    remove_photo: bool = False,
    request: HttpRequest | None = None,
    **values: Any,
) -> Certificate:
    """Change a certificate the seafarer recorded; a new expiry date starts its reminders
    afresh (a renewed certificate is reminded again before its new date)."""
    if certificate.seafarer_id != seafarer.pk:
        raise ProviderRecord(certificate.pk)
    if certificate.from_provider:
        raise ProviderRecord(certificate.pk)
    fields = clean_fields(**values)
    errors: dict[str, str] = {}
    photo_fields = _photo_fields(photo, errors)
    if errors:
        raise CertificateInvalid(errors)
    if remove_photo and not photo_fields:
        photo_fields = {"photo": None, "photo_byte_size": 0}
    with transaction.atomic():
        if fields["expires_on"] != certificate.expires_on:
            certificate.reminded_days = None
        for name, value in {**fields, **photo_fields}.items():
            setattr(certificate, name, value)
        certificate.save()
        record_audit(
            seafarer,
            "certificate.update",
            target=certificate,
            purpose=PURPOSE,
            request=request,
            detail={"kind": certificate.kind, "photo": bool(photo_fields)},
        )
    return certificate


def do_remove_certificate(
    certificate: Certificate, seafarer: User, *, request: HttpRequest | None = None
) -> None:
    if certificate.seafarer_id != seafarer.pk or certificate.from_provider:
        raise ProviderRecord(certificate.pk)
    with transaction.atomic():
        record_audit(
            seafarer,
            "certificate.remove",
            target=certificate,
            purpose=PURPOSE,
            request=request,
            detail={"kind": certificate.kind},
        )
        certificate.delete()


def do_issue_certificate(
    seafarer: User,
    *,
    provider: Organisation,
    by: User,
    kind: str,
    number: str,
    issued_on: datetime.date,
    expires_on: datetime.date | None,
    request: HttpRequest | None = None,
) -> Certificate:
    """A training provider's record in the seafarer's wallet (on a course's completion).
    The caller holds the transaction of the completion it records."""
    fields = clean_fields(
        kind=kind, number=number, issuer=provider.name, issued_on=issued_on, expires_on=expires_on
    )
    certificate = Certificate.objects.create(seafarer=seafarer, issued_by=provider, **fields)
    record_audit(
        by,
        "certificate.issue",
        target=certificate,
        purpose=PURPOSE,
        request=request,
        detail={"kind": certificate.kind, "seafarer": seafarer.pk},
    )
    return certificate
