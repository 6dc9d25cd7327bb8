"""The demo data set for Zhoushan: fixed, documented, and the same on every machine.

Demo logins live in the 1390000xxxx range (``DEMO_PHONE_PREFIX``) so that scripts can rely on
them and ``demo_totp`` can refuse every other account. Organisation codes start with
``demo-`` so that ``load_demo`` recognises the rows it made on an earlier run.
"""

from __future__ import annotations

import base64
import dataclasses
import random
from dataclasses import dataclass

from seafarers_home.accounts.models import Role

# Passes Django's validators (length, not common, not numeric). Printed by load_demo.
DEMO_PASSWORD = "Demo-2026!haiyuan"  # noqa: S105 - a documented demo password
DEMO_PHONE_PREFIX = "1390000"
DEMO_CODE_PREFIX = "demo-"


def is_demo_phone(phone: str) -> bool:
    return len(phone) == 11 and phone.startswith(DEMO_PHONE_PREFIX)


def demo_totp_secret(phone: str) -> str:
    """A fixed base32 secret per demo staff account (20 bytes -> 32 characters, no padding),
    so a person can add it to an authenticator app once and keep it across re-installs."""
    return base64.b32encode(f"sh-demo-{phone}-".encode("ascii")).decode("ascii")


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    name_en: str
    kind: str
    parent: str | None = None
    company_kind: str = ""
    is_seafarer_clinic: bool = False
    phone: str = ""


ORGANISATIONS: tuple[OrgSpec, ...] = (
    OrgSpec("demo-federation", "舟山市总工会", "Zhoushan Federation of Trade Unions",
            "city_federation", phone="0580-2022012"),
    OrgSpec("demo-seafarers-union", "舟山市海员产业工会", "Zhoushan Seafarers' Industrial Union",
            "industrial_union", parent="demo-federation", phone="0580-2620120"),
    OrgSpec("demo-hospital", "舟山市第二人民医院", "Zhoushan Second People's Hospital",
            "hospital", phone="0580-2080000"),
    OrgSpec("demo-psychiatry", "精神科", "Department of Psychiatry", "department",
            parent="demo-hospital"),
    OrgSpec("demo-seafarer-clinic", "海员心理咨询科", "Seafarer Psychology Clinic", "department",
            parent="demo-hospital", is_seafarer_clinic=True),
    OrgSpec("demo-pingtairong", "舟山平太荣远洋渔业集团有限公司",
            "Zhoushan Pingtairong Distant-Water Fishery Group", "company", company_kind="fishing"),
    OrgSpec("demo-pingtairong-union", "平太荣远洋渔业集团工会", "Pingtairong Fishery Group Union",
            "company_union", parent="demo-pingtairong"),
    OrgSpec("demo-zhougang", "舟山舟港沿海运输有限公司", "Zhoushan Zhougang Coastal Shipping",
            "company", company_kind="ship_owner"),
    OrgSpec("demo-zhougang-union", "舟港沿海运输工会", "Zhougang Coastal Shipping Union",
            "company_union", parent="demo-zhougang"),
    OrgSpec("demo-haixing", "浙江海星远洋海运有限公司", "Zhejiang Haixing Ocean Shipping",
            "company", company_kind="ship_owner"),
    OrgSpec("demo-haixing-union", "海星远洋海运工会", "Haixing Ocean Shipping Union",
            "company_union", parent="demo-haixing"),
    OrgSpec("demo-law-firm", "浙江舟海律师事务所", "Zhejiang Zhouhai Law Firm", "law_firm",
            parent="demo-seafarers-union", phone="0580-2031148"),
    OrgSpec("demo-training-centre", "舟山海员培训中心", "Zhoushan Seafarer Training Centre",
            "training_provider", phone="0580-2025566"),
)  # fmt: skip


@dataclass(frozen=True)
class VesselSpec:
    registration_number: str
    name: str
    kind: str
    company: str
    link_at_sea: str
    crew: int


FISHING_CO, COASTAL_CO, OCEAN_CO = "demo-pingtairong", "demo-zhougang", "demo-haixing"
VESSELS: tuple[VesselSpec, ...] = (
    VesselSpec("CN20151870018", "平太荣 18", "distant_water_fishing", FISHING_CO, "vsat", 8),
    VesselSpec("CN20161870026", "平太荣 26", "distant_water_fishing", FISHING_CO, "beidou", 6),
    VesselSpec("CN20171870031", "平太荣 31", "distant_water_fishing", FISHING_CO, "iridium", 5),
    VesselSpec("CN20143300187", "浙岱渔冷 00187", "distant_water_fishing", FISHING_CO, "vsat", 4),
    VesselSpec("CN20123360218", "浙普渔 60218", "offshore_fishing", FISHING_CO, "beidou", 5),
    VesselSpec("CN20190580016", "舟港 16", "coastal_cargo", COASTAL_CO, "coastal_4g", 5),
    VesselSpec("CN20200580021", "舟港 21", "coastal_cargo", COASTAL_CO, "coastal_4g", 4),
    VesselSpec("CN20180580007", "舟港油 7", "coastal_cargo", COASTAL_CO, "coastal_4g", 3),
    VesselSpec("CN20133306006", "海星 6", "ocean_going_merchant", OCEAN_CO, "vsat", 5),
    VesselSpec("CN20163306009", "海星 9", "ocean_going_merchant", OCEAN_CO, "vsat", 5),
)  # fmt: skip


@dataclass(frozen=True)
class StaffSpec:
    phone: str
    name: str
    label: str  # the role column of the printed login table
    grants: tuple[tuple[str, str], ...]  # (role, organisation code)
    is_admin: bool = False


STAFF: tuple[StaffSpec, ...] = (
    StaffSpec("13900000002", "陈静", "clinician (+ counsellor)",
              ((Role.CLINICIAN, "demo-seafarer-clinic"), (Role.COUNSELLOR, "demo-hospital"))),
    StaffSpec("13900000003", "周晓燕", "counsellor", ((Role.COUNSELLOR, "demo-hospital"),)),
    StaffSpec("13900000004", "刘建国", "union staff",
              ((Role.UNION_STAFF, "demo-seafarers-union"),)),
    StaffSpec("13900000005", "汤志强", "company officer A (fishing)",
              ((Role.COMPANY_OFFICER, "demo-pingtairong-union"),)),
    StaffSpec("13900000006", "赵磊", "company officer B (coastal)",
              ((Role.COMPANY_OFFICER, "demo-zhougang"),)),
    StaffSpec("13900000007", "吴涛", "administrator",
              ((Role.ADMINISTRATOR, "demo-federation"),), is_admin=True),
    StaffSpec("13900000008", "林卫东", "clinician", ((Role.CLINICIAN, "demo-psychiatry"),)),
    StaffSpec("13900000009", "郑丽", "counsellor", ((Role.COUNSELLOR, "demo-hospital"),)),
    StaffSpec("13900000010", "徐敏", "union staff", ((Role.UNION_STAFF, "demo-federation"),)),
    StaffSpec("13900000011", "孙海波", "company officer C (ocean-going)",
              ((Role.COMPANY_OFFICER, "demo-haixing-union"),)),
    StaffSpec("13900000012", "何明", "legal worker (union rights officer)",
              ((Role.LEGAL_WORKER, "demo-seafarers-union"),)),
    StaffSpec("13900000013", "沈律师", "legal worker (legal-aid lawyer)",
              ((Role.LEGAL_WORKER, "demo-law-firm"),)),
    StaffSpec("13900000014", "方老师", "training officer",
              ((Role.TRAINING_OFFICER, "demo-training-centre"),)),
)  # fmt: skip


@dataclass(frozen=True)
class SeafarerSpec:
    phone: str
    real_name: str
    book_number: str
    rank: str
    company: str
    vessel: str  # registration number
    contact_name: str
    contact_relation: str
    contact_phone: str


SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"  # noqa: E501
MALE_GIVEN = (
    "海军", "建华", "国强", "志明", "永福", "海涛", "晓东", "文斌", "伟", "勇", "军", "磊",
    "强", "斌", "波", "涛", "明", "杰", "鹏", "华", "海峰", "春生", "德明", "立新",
    "小龙", "建军", "国平", "永强", "学文", "宏伟", "东升", "金水", "阿福", "水根", "海平",
)  # fmt: skip
FEMALE_GIVEN = (
    "海军", "建华", "国强", "志明", "永福", "海涛", "晓东", "文斌", "伟", "勇", "军", "磊",
    "强", "斌", "波", "涛", "明", "杰", "鹏", "华", "海峰", "春生", "德明", "立新",
    "小龙", "建军", "国平", "永强", "学文", "宏伟", "东升", "金水", "阿福", "水根", "海平",
)  # fmt: skip
RELATIONS = ("妻子", "父亲", "母亲", "哥哥", "姐姐", "儿子", "女儿")
FISHING_RANKS = ("fishing_captain", "chief_engineer", "engineer", "bosun", "cook")
MERCHANT_RANKS = (
    "master", "chief_officer", "second_officer", "third_officer", "chief_engineer",
    "engineer", "bosun", "able_seafarer", "motorman", "cook",
)  # fmt: skip

# The seafarer who signs in as "the seafarer": a fisherman at sea on 平太荣 18.
MAIN_SEAFARER_PHONE = "13900000001"


def _ranks_for(kind: str, size: int) -> list[str]:
    """A plausible crew list: officers first, then ratings to fill the vessel."""
    if kind in {"distant_water_fishing", "offshore_fishing"}:
        base, filler = FISHING_RANKS, "fisherman"
    else:
        base, filler = MERCHANT_RANKS, "able_seafarer"
    return [*base[:size], *[filler] * max(0, size - len(base))][:size]


def seafarers() -> list[SeafarerSpec]:
    """Fifty seafarers spread over the ten vessels, deterministic (fixed seed)."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    specs: list[SeafarerSpec] = []
    index = 0
    for vessel in VESSELS:
        ranks = _ranks_for(vessel.kind, vessel.crew)
        # The main demo seafarer is an ordinary fisherman, not the captain.
        if index == 0:
            ranks = ["fisherman", *ranks[:-1]]
        for rank in ranks:
            index += 1
            if index == 1:
                phone, name = MAIN_SEAFARER_PHONE, "王海军"
            else:
                phone = f"{DEMO_PHONE_PREFIX}{1000 + index:04d}"
                name = rng.choice(SURNAMES) + rng.choice(MALE_GIVEN)
            relation = rng.choice(RELATIONS)
            given = rng.choice(
                FEMALE_GIVEN if relation in {"妻子", "母亲", "姐姐", "女儿"} else MALE_GIVEN
            )
            contact_surname = (
                name[0] if relation in {"父亲", "哥哥", "儿子", "女儿"} else rng.choice(SURNAMES)
            )
            specs.append(
                SeafarerSpec(
                    phone=phone,
                    real_name=name,
                    book_number=f"C{33090000 + index * 37:08d}",
                    rank=rank,
                    company=vessel.company,
                    vessel=vessel.registration_number,
                    contact_name=contact_surname + given,
                    contact_relation=relation,
                    contact_phone=f"137{58000000 + index * 131:08d}",
                )
            )
    return specs


# 13900002001, 13900002002, ...: the extra seafarers, clear of the fifty and of the staff.
EXTRA_SEAFARER_NUMBERS_FROM = 2001
EXTRA_SEAFARERS_MAX = 999


def extra_seafarers(count: int) -> list[SeafarerSpec]:
    """``count`` more seafarers like the fifty, for a load test that needs one account per
    simulated person (two people answering one screening from one account is a conflict, not
    load). Each sails on the vessel and in the rank of one of the fifty, with a number and a
    seafarer's book of their own."""
    if not 0 <= count <= EXTRA_SEAFARERS_MAX:
        raise ValueError(f"between 0 and {EXTRA_SEAFARERS_MAX} extra seafarers, not {count}")
    fifty = seafarers()
    return [
        dataclasses.replace(
            fifty[i % len(fifty)],
            phone=f"{DEMO_PHONE_PREFIX}{EXTRA_SEAFARER_NUMBERS_FROM + i:04d}",
            book_number=f"C{34090000 + i * 37:08d}",
        )
        for i in range(count)
    ]
