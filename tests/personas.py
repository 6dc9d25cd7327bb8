"""The people every test can use (healthchecks' Alice/Bob/Charlie, for a seafarers' union)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pyotp
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, TotpDevice, User
from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.models import ConsentDocument, ConsentKind, ConsentRecord
from seafarers_home.consent.services import current_document
from seafarers_home.core.session_keys import OTP_SESSION_KEY
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel

PASSWORD = "Haiyuan-2026!"


@dataclass
class World:
    federation: Organisation
    union: Organisation
    hospital: Organisation
    clinic: Organisation
    company_a: Organisation
    company_b: Organisation
    company_a_union: Organisation
    vessel_a: Vessel
    vessel_b: Vessel
    seafarer: User  # 王海, a fisherman of company A at sea on vessel_a
    seafarer_b: User  # 李强, a seafarer of company B
    clinician: User
    counsellor: User
    union_staff: User
    officer_a: User
    officer_b: User
    outsider: User  # signed up, holds no role
    admin: User

    def persona(self, name: str) -> User:
        return getattr(self, name)

    # Two seafarers who gave the health-data consent, for the seafarer's own health pages: the
    # first owns the matrix's health objects, the second must get 404 on them. Built on first
    # use (most tests never need them; each consent writes audit rows).
    @cached_property
    def consented_seafarer(self) -> User:
        """张帆, a fisherman of company A on vessel_a, with the health-data consent."""
        return _consented_seafarer(
            "13800000041", "张帆", self.company_a, self.vessel_a, rank="fisherman"
        )

    # The staff of the scenes beyond health (issues 11 and 12): built on first use too.
    @cached_property
    def law_firm(self) -> Organisation:
        return Organisation.objects.create(
            name="舟海律师事务所", code="law-firm", kind="law_firm", parent=self.union
        )

    @cached_property
    def training_provider(self) -> Organisation:
        return Organisation.objects.create(
            name="舟山海员培训中心", code="training-centre", kind="training_provider"
        )

    @cached_property
    def legal_worker(self) -> User:
        """吴律师, a legal-aid lawyer of the union's partner law firm."""
        return _user("13800000009", "吴律师", (Role.LEGAL_WORKER, self.law_firm))

    @cached_property
    def training_officer(self) -> User:
        """郑老师, the officer of the union's training centre."""
        return _user("13800000010", "郑老师", (Role.TRAINING_OFFICER, self.training_provider))

    @cached_property
    def consented_seafarer_b(self) -> User:
        """孙涛, a seafarer of company B on vessel_b, with the health-data consent."""
        return _consented_seafarer(
            "13800000042", "孙涛", self.company_b, self.vessel_b, rank="able_seafarer"
        )


PERSONA_NAMES = (
    "seafarer",
    "clinician",
    "counsellor",
    "union_staff",
    "officer_a",
    "officer_b",
    "outsider",
    "admin",
    "consented_seafarer",
    "consented_seafarer_b",
    "legal_worker",
    "training_officer",
)


def ensure_consent_document(kind: str) -> ConsentDocument:
    """The current document of a kind: the data migration's, or a minimal one where a
    transactional test's flush removed it."""
    document = current_document(kind)
    if document is None:
        title = str(ConsentKind(kind).label)
        document = ConsentDocument.objects.create(
            kind=kind, version=1, title=title, body=title, published_at=timezone.now()
        )
    return document


def give_health_consent(user: User) -> None:
    do_accept_consent(user, ensure_consent_document(ConsentKind.HEALTH_DATA))


def _current_terms() -> list[ConsentDocument]:
    """The current terms and privacy policy (those that exist: a transactional test's flush may
    have removed them)."""
    documents = [current_document(kind) for kind in (ConsentKind.TERMS, ConsentKind.PRIVACY)]
    return [document for document in documents if document is not None]


def _accept_current_terms(user: User, terms: list[ConsentDocument] | None = None) -> None:
    """Everyone signed up has accepted the current terms and privacy policy. One INSERT for
    both records, and ``terms`` read once for a whole world: every test builds the world (ten
    people), so its queries add up over the suite."""
    ConsentRecord.objects.bulk_create(
        ConsentRecord(user=user, document=document, accepted_at=timezone.now())
        for document in (_current_terms() if terms is None else terms)
    )


def _user(
    phone: str,
    name: str,
    *grants: tuple[str, Organisation | None],
    terms: list[ConsentDocument] | None = None,
) -> User:
    user = User.objects.create_user(phone, PASSWORD, display_name=name)
    _accept_current_terms(user, terms)
    for role, org in grants:
        RoleGrant.objects.create(user=user, role=role, organisation=org)
    if user.needs_two_factor:
        TotpDevice.objects.create(
            user=user, secret=pyotp.random_base32(), confirmed_at=user.created_at
        )
    return user


def build_world() -> World:
    terms = _current_terms()
    org = Organisation.objects.create
    federation = org(name="舟山市总工会", code="city-federation", kind="city_federation")
    union = org(
        name="舟山市海员产业工会",
        code="seafarers-union",
        kind="industrial_union",
        parent=federation,
    )
    hospital = org(name="舟山市第二人民医院", code="hospital", kind="hospital")
    clinic = org(
        name="海员心理咨询科",
        code="seafarer-clinic",
        kind="department",
        parent=hospital,
        is_seafarer_clinic=True,
    )
    company_a = org(name="平太荣远洋渔业", code="company-a", kind="company", company_kind="fishing")
    company_b = org(name="东海航运", code="company-b", kind="company", company_kind="ship_owner")
    company_a_union = org(
        name="平太荣远洋渔业工会", code="company-a-union", kind="company_union", parent=company_a
    )
    vessel_a = Vessel.objects.create(
        name="平太荣 1号",
        registration_number="ZS-A-0001",
        kind="distant_water_fishing",
        company=company_a,
        link_at_sea="vsat",
    )
    vessel_b = Vessel.objects.create(
        name="东海 8",
        registration_number="ZS-B-0008",
        kind="coastal_cargo",
        company=company_b,
        link_at_sea="coastal_4g",
    )
    seafarer = _user("13800000001", "王海", (Role.SEAFARER, company_a), terms=terms)
    SeafarerProfile.objects.create(
        user=seafarer,
        real_name="王海",
        seafarers_book_number="SB0000001",
        rank="fisherman",
        company=company_a,
        current_vessel=vessel_a,
    )
    seafarer_b = _user("13800000011", "李强", (Role.SEAFARER, company_b), terms=terms)
    SeafarerProfile.objects.create(
        user=seafarer_b,
        real_name="李强",
        rank="able_seafarer",
        company=company_b,
        current_vessel=vessel_b,
    )
    return World(
        federation=federation,
        union=union,
        hospital=hospital,
        clinic=clinic,
        company_a=company_a,
        company_b=company_b,
        company_a_union=company_a_union,
        vessel_a=vessel_a,
        vessel_b=vessel_b,
        seafarer=seafarer,
        seafarer_b=seafarer_b,
        clinician=_user("13800000002", "陈医生", (Role.CLINICIAN, clinic), terms=terms),
        counsellor=_user("13800000003", "周咨询员", (Role.COUNSELLOR, hospital), terms=terms),
        union_staff=_user("13800000004", "刘干事", (Role.UNION_STAFF, union), terms=terms),
        officer_a=_user(
            "13800000005", "汤专员", (Role.COMPANY_OFFICER, company_a_union), terms=terms
        ),
        officer_b=_user("13800000006", "赵专员", (Role.COMPANY_OFFICER, company_b), terms=terms),
        outsider=_user("13800000007", "路人", terms=terms),
        admin=_admin(federation, terms),
    )


def _consented_seafarer(
    phone: str, name: str, company: Organisation, vessel: Vessel, *, rank: str
) -> User:
    user = _user(phone, name, (Role.SEAFARER, company))
    SeafarerProfile.objects.create(
        user=user, real_name=name, rank=rank, company=company, current_vessel=vessel
    )
    give_health_consent(user)
    return user


def _admin(federation: Organisation, terms: list[ConsentDocument]) -> User:
    admin = _user("13800000008", "管理员", (Role.ADMINISTRATOR, federation), terms=terms)
    admin.is_staff = True
    admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    return admin


def login(client: Client, user: User, *, two_factor: bool = True) -> Client:
    """Sign a persona in as the browser would end up: staff have passed their TOTP step."""
    client.force_login(user)
    if two_factor and user.needs_two_factor:
        session = client.session
        session[OTP_SESSION_KEY] = True
        session.save()
    return client
