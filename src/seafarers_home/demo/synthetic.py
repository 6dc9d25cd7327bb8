"""A large, deterministic synthetic data set for benchmarks (a whole city, or more).

Every synthetic row is recognisable: organisation codes, vessel registration numbers and
seafarer's book numbers start with ``syn-`` and phone numbers lie in ``SYN_PHONE_PREFIX``, far
from the demo logins. One password hash is shared by all synthetic users.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.demo.data import FEMALE_GIVEN, MALE_GIVEN, RELATIONS, SURNAMES
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel

SYN_PREFIX = "syn-"
# 1599 + 7 digits: room for ten million synthetic seafarers, never a demo login (1390000...).
SYN_PHONE_PREFIX = "1599"
SYN_PASSWORD = "Synthetic-2026!haiyuan"  # noqa: S105 - benchmark accounts only
BATCH_SIZE = 2000

T = TypeVar("T", bound=models.Model)

FISHING_KINDS = ("distant_water_fishing", "offshore_fishing")
VESSEL_KINDS = (*FISHING_KINDS, "coastal_cargo", "ocean_going_merchant", "other")
VESSEL_KIND_WEIGHTS = (23, 30, 25, 18, 4)  # Zhoushan: mostly fishing, then coastal cargo
LINKS_BY_KIND = {
    "distant_water_fishing": ("vsat", "beidou", "iridium"),
    "offshore_fishing": ("beidou", "coastal_4g", "none"),
    "coastal_cargo": ("coastal_4g", "vsat"),
    "ocean_going_merchant": ("vsat", "iridium"),
    "other": ("none", "coastal_4g"),
}
NAME_STEMS = ("浙岱渔", "浙普渔", "浙嵊渔", "平太荣", "舟港", "舟渔", "浙舟", "海星", "东海")
FISHING_RANKS = ("fishing_captain", "chief_engineer", "engineer", "bosun", "cook", "fisherman")
MERCHANT_RANKS = (
    "master", "chief_officer", "second_officer", "third_officer", "chief_engineer",
    "engineer", "bosun", "able_seafarer", "motorman", "cook",
)  # fmt: skip


class SyntheticDataExists(Exception):
    """Synthetic rows from an earlier run are present (use reset)."""


class PhoneRangeTaken(Exception):
    """A real account already uses a number in the synthetic range."""


@dataclass
class SyntheticResult:
    created: Counter[str] = field(default_factory=Counter)
    deleted: int = 0
    seconds: float = 0.0


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _bulk(model: type[T], rows: Iterable[T], progress: Callable[[int], Any]) -> list[T]:
    created: list[T] = []
    for batch in _batches(rows, BATCH_SIZE):
        created.extend(model.objects.bulk_create(batch, batch_size=BATCH_SIZE))
        progress(len(batch))
    return created


def synthetic_users() -> models.QuerySet[User]:
    return User.objects.filter(
        phone__startswith=SYN_PHONE_PREFIX,
        seafarer_profile__seafarers_book_number__startswith=SYN_PREFIX,
    )


@transaction.atomic
def do_delete_synthetic() -> int:
    """Delete every synthetic row; returns how many rows went (cascades included)."""
    deleted = 0
    user_ids = list(synthetic_users().values_list("pk", flat=True))
    for batch in _batches(user_ids, BATCH_SIZE):
        deleted += User.objects.filter(pk__in=batch).delete()[0]
    deleted += RoleGrant.objects.filter(organisation__code__startswith=SYN_PREFIX).delete()[0]
    deleted += Vessel.objects.filter(registration_number__startswith=SYN_PREFIX).delete()[0]
    # Company unions first: they point at their company (PROTECT).
    for kind in (Organisation.Kind.COMPANY_UNION, Organisation.Kind.COMPANY):
        deleted += Organisation.objects.filter(code__startswith=SYN_PREFIX, kind=kind).delete()[0]
    return deleted


def _vessel_name(rng: random.Random, kind: str, index: int) -> str:
    stem = rng.choice(NAME_STEMS[:3] if kind in FISHING_KINDS else NAME_STEMS[4:])
    return f"{stem} {index:05d}" if kind in FISHING_KINDS else f"{stem} {index}"


@transaction.atomic
def do_generate_synthetic(
    *,
    seafarers: int,
    vessels: int,
    companies: int,
    seed: int = 1,
    reset: bool = False,
    progress: Callable[[int], Any] = lambda n: None,
) -> SyntheticResult:
    """Create ``companies`` companies (each with a union), ``vessels`` vessels and
    ``seafarers`` seafarers with accounts, profiles and a seafarer role grant."""
    started = time.monotonic()
    result = SyntheticResult()
    if reset:
        result.deleted = do_delete_synthetic()
    elif Organisation.objects.filter(code__startswith=SYN_PREFIX).exists():
        raise SyntheticDataExists
    if User.objects.filter(phone__startswith=SYN_PHONE_PREFIX).exists():
        raise PhoneRangeTaken
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
    companies = max(1, companies)
    vessels = max(1, vessels)

    company_rows = [
        Organisation(
            code=f"{SYN_PREFIX}company-{i:05d}",
            name=f"合成{'渔业' if i % 3 else '航运'}公司 {i:05d}",
            name_en=f"Synthetic company {i:05d}",
            kind=Organisation.Kind.COMPANY,
            company_kind="fishing" if i % 3 else "ship_owner",
        )
        for i in range(1, companies + 1)
    ]
    company_list = _bulk(Organisation, company_rows, progress)
    union_rows = (
        Organisation(
            code=f"{SYN_PREFIX}union-{i:05d}",
            name=f"合成公司 {i:05d} 工会",
            kind=Organisation.Kind.COMPANY_UNION,
            parent=company,
        )
        for i, company in enumerate(company_list, start=1)
    )
    _bulk(Organisation, union_rows, progress)
    result.created["organisations"] = 2 * companies

    def vessel_rows() -> Iterator[Vessel]:
        for i in range(1, vessels + 1):
            kind = rng.choices(VESSEL_KINDS, VESSEL_KIND_WEIGHTS)[0]
            yield Vessel(
                name=_vessel_name(rng, kind, i),
                registration_number=f"{SYN_PREFIX}{i:08d}",
                kind=kind,
                company=company_list[(i - 1) % companies],
                link_at_sea=rng.choice(LINKS_BY_KIND[kind]),
            )

    vessel_list = _bulk(Vessel, vessel_rows(), progress)
    result.created["vessels"] = len(vessel_list)

    password_hash = make_password(SYN_PASSWORD)
    user_rows = (
        User(
            phone=f"{SYN_PHONE_PREFIX}{i:07d}",
            display_name=rng.choice(SURNAMES) + rng.choice(MALE_GIVEN),
            password=password_hash,
        )
        for i in range(1, seafarers + 1)
    )
    user_list = _bulk(User, user_rows, progress)
    result.created["users"] = len(user_list)

    def profile_rows() -> Iterator[SeafarerProfile]:
        for i, user in enumerate(user_list, start=1):
            vessel = vessel_list[(i - 1) % vessels]
            ranks = FISHING_RANKS if vessel.kind in FISHING_KINDS else MERCHANT_RANKS
            yield SeafarerProfile(
                user=user,
                real_name=user.display_name,
                seafarers_book_number=f"{SYN_PREFIX}{i:08d}",
                rank=rng.choice(ranks),
                company_id=vessel.company_id,
                current_vessel=vessel,
                emergency_contact_name=rng.choice(SURNAMES) + rng.choice(FEMALE_GIVEN),
                emergency_contact_phone=f"1378{i:07d}",
                emergency_contact_relation=rng.choice(RELATIONS),
            )

    result.created["seafarer profiles"] = len(_bulk(SeafarerProfile, profile_rows(), progress))
    grant_rows = (
        RoleGrant(user=user, role=Role.SEAFARER, organisation_id=profile_company)
        for user, profile_company in zip(
            user_list,
            (vessel_list[(i - 1) % vessels].company_id for i in range(1, seafarers + 1)),
            strict=True,
        )
    )
    result.created["role grants"] = len(_bulk(RoleGrant, grant_rows, progress))
    result.seconds = time.monotonic() - started
    return result


def total_rows(*, seafarers: int, vessels: int, companies: int) -> int:
    """The number of rows a run creates, for the progress bar."""
    return 2 * max(1, companies) + max(1, vessels) + 3 * seafarers
