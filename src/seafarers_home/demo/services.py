"""Loading the demo data set (idempotent) and reading a demo staff member's TOTP code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyotp
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, TotpDevice, User
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.models import ConsentDocument, ConsentKind
from seafarers_home.consent.services import current_document
from seafarers_home.demo import data
from seafarers_home.demo.service_data import load_service_demo
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel


class NotADemoAccount(Exception):
    """The phone number is not one of the demo staff accounts."""


@dataclass
class DemoLogin:
    phone: str
    name: str
    label: str
    totp_secret: str = ""


@dataclass
class LoadResult:
    created: Counter[str] = field(default_factory=Counter)
    skipped_phones: list[str] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)


def is_demo_user(user: User) -> bool:
    """A demo account: in the demo phone range and holding a grant in a demo organisation.
    A real person who happens to own a number in the range is never touched."""
    return (
        data.is_demo_phone(user.phone)
        and user.role_grants.filter(organisation__code__startswith=data.DEMO_CODE_PREFIX).exists()
    )


def _organisations(result: LoadResult) -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for spec in data.ORGANISATIONS:
        org, created = Organisation.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "name_en": spec.name_en,
                "kind": spec.kind,
                "parent": orgs[spec.parent] if spec.parent else None,
                "company_kind": spec.company_kind,
                "is_seafarer_clinic": spec.is_seafarer_clinic,
                "phone": spec.phone,
            },
        )
        result.created["organisations"] += created
        orgs[spec.code] = org
    return orgs


def _vessels(orgs: dict[str, Organisation], result: LoadResult) -> dict[str, Vessel]:
    vessels: dict[str, Vessel] = {}
    for spec in data.VESSELS:
        vessel, created = Vessel.objects.get_or_create(
            registration_number=spec.registration_number,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "company": orgs[spec.company],
                "link_at_sea": spec.link_at_sea,
            },
        )
        result.created["vessels"] += created
        vessels[spec.registration_number] = vessel
    return vessels


def _user(
    phone: str,
    name: str,
    grants: list[tuple[str, Organisation]],
    password_hash: str,
    result: LoadResult,
) -> User | None:
    """Get or create one demo account with its grants; None if the number belongs to someone
    who is not a demo account."""
    user = User.objects.filter(phone=phone).first()
    if user is None:
        user = User(phone=phone, display_name=name, password=password_hash)
        user.full_clean(exclude=["password"])
        user.save()
        result.created["users"] += 1
    elif not is_demo_user(user):
        result.skipped_phones.append(phone)
        return None
    for role, org in grants:
        _, created = RoleGrant.objects.get_or_create(user=user, role=role, organisation=org)
        result.created["role grants"] += created
    return user


def _ensure_totp(user: User, result: LoadResult) -> str:
    secret = data.demo_totp_secret(user.phone)
    device = TotpDevice.objects.filter(user=user).first()
    if device is None:
        TotpDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
        result.created["TOTP devices"] += 1
    elif device.secret != secret or not device.is_confirmed:
        # Someone re-enrolled a demo account: the documented secret must keep working.
        device.secret = secret
        device.confirmed_at = device.confirmed_at or timezone.now()
        device.save(update_fields=["secret", "confirmed_at", "updated_at"])
    return secret


def _current_documents(kinds: tuple[str, ...]) -> list[ConsentDocument]:
    documents = [current_document(kind) for kind in kinds]
    # Optional consents (sharing a clearance with the employer) stay the person's choice.
    return [doc for doc in documents if doc is not None and not doc.is_optional]


def _accept_consents(user: User, documents: list[ConsentDocument], result: LoadResult) -> None:
    for document in documents:
        before = user.consent_records.filter(document=document, withdrawn_at__isnull=True)
        if not before.exists():
            do_accept_consent(user, document)
            result.created["consent records"] += 1


def _seafarer(
    spec: data.SeafarerSpec,
    orgs: dict[str, Organisation],
    vessels: dict[str, Vessel],
    password_hash: str,
    documents: list[ConsentDocument],
    result: LoadResult,
) -> User | None:
    company = orgs[spec.company]
    user = _user(spec.phone, spec.real_name, [(Role.SEAFARER, company)], password_hash, result)
    if user is None:
        return None
    if not SeafarerProfile.objects.filter(user=user).exists():
        # A profile whose book number someone else holds gets none rather than failing.
        taken = SeafarerProfile.objects.filter(seafarers_book_number=spec.book_number).exists()
        SeafarerProfile.objects.create(
            user=user,
            real_name=spec.real_name,
            seafarers_book_number=None if taken else spec.book_number,
            rank=spec.rank,
            company=company,
            current_vessel=vessels[spec.vessel],
            emergency_contact_name=spec.contact_name,
            emergency_contact_phone=spec.contact_phone,
            emergency_contact_relation=spec.contact_relation,
        )
        result.created["seafarer profiles"] += 1
    _accept_consents(user, documents, result)
    return user


def _restore_passwords(users: list[User], password_hash: str) -> None:
    """The documented logins keep the demo password even if someone changed it. Checking an
    Argon2 hash costs ~0.1-0.3 s, and accounts made together share one hash: check each
    distinct hash once."""
    verdicts: dict[str, bool] = {password_hash: True}
    for user in users:
        if user.password not in verdicts:
            verdicts[user.password] = user.check_password(data.DEMO_PASSWORD)
        if not verdicts[user.password]:
            user.password = password_hash
            user.save(update_fields=["password"])


@transaction.atomic
def do_load_demo(extra_seafarers: int = 0) -> LoadResult:
    """Create whatever of the demo data set is missing; never duplicates, never touches an
    account that is not a demo account. ``extra_seafarers``: that many more seafarers like the
    fifty (``data.extra_seafarers``, for the load test), signed up as the fifty are."""
    extra = data.extra_seafarers(extra_seafarers)  # a count out of range: before any write
    result = LoadResult()
    # One hash for every account: Argon2 is slow on purpose. Reuse the hash the main demo
    # seafarer already has, so that a second run verifies one hash instead of eleven.
    existing = User.objects.filter(phone=data.MAIN_SEAFARER_PHONE).first()
    if (
        existing is not None
        and is_demo_user(existing)
        and existing.check_password(data.DEMO_PASSWORD)
    ):
        password_hash = existing.password
    else:
        password_hash = make_password(data.DEMO_PASSWORD)
    orgs = _organisations(result)
    vessels = _vessels(orgs, result)
    seafarer_documents = _current_documents(tuple(ConsentKind.values))
    staff_documents = _current_documents((ConsentKind.TERMS, ConsentKind.PRIVACY))
    login_users: list[User] = []

    for spec in [*data.seafarers(), *extra]:
        user = _seafarer(spec, orgs, vessels, password_hash, seafarer_documents, result)
        if user is not None and spec.phone == data.MAIN_SEAFARER_PHONE:
            login_users.append(user)
            result.logins.append(DemoLogin(spec.phone, spec.real_name, "seafarer"))

    for staff in data.STAFF:
        grants = [(role, orgs[code]) for role, code in staff.grants]
        user = _user(staff.phone, staff.name, grants, password_hash, result)
        if user is None:
            continue
        if staff.is_admin and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        login_users.append(user)
        _accept_consents(user, staff_documents, result)
        secret = _ensure_totp(user, result) if user.needs_two_factor else ""
        result.logins.append(DemoLogin(staff.phone, staff.name, staff.label, secret))

    _restore_passwords(login_users, password_hash)
    load_service_demo(data.MAIN_SEAFARER_PHONE, result.created)
    result.created = +result.created  # drop the zero counts
    if result.created:
        record_audit(
            None,
            "demo.load",
            purpose="demo data",
            detail={key: int(value) for key, value in sorted(result.created.items())},
        )
    return result


def demo_totp_code(phone: str) -> str:
    """The current TOTP code of a demo staff account (for scripts and demonstrations)."""
    user = (
        User.objects.filter(phone=phone, totp_device__isnull=False)
        .select_related("totp_device")
        .first()
    )
    if user is None or not is_demo_user(user):
        raise NotADemoAccount(phone)
    return pyotp.TOTP(user.totp_device.secret).now()
