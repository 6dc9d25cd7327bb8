"""Request and response shapes of our own API operations."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BaseModel, field_validator
from pydantic_core import PydanticCustomError

from seafarers_home.lib import zones

# Printable text: no control characters (PostgreSQL refuses NUL), at least one non-space
# character. The same expression is published in the OpenAPI document. Lone surrogates (which
# PostgreSQL also refuses) are checked separately: Rust-based schema validators cannot express them.
DISPLAY_NAME_PATTERN = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
_DISPLAY_NAME_RE = re.compile(DISPLAY_NAME_PATTERN)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
DISPLAY_NAME_MAX = 60


class OrganisationRef(Schema):
    id: int
    name: str


class RoleOut(Schema):
    role: str
    label: str
    organisation: OrganisationRef | None


class VesselRef(Schema):
    id: int
    name: str
    registration_number: str


class SeafarerSummary(Schema):
    real_name: str
    rank: str
    rank_label: str
    company: OrganisationRef | None
    current_vessel: VesselRef | None


class MeOut(Schema):
    id: int
    display_name: str
    phone_masked: str
    preferred_language: str
    time_zone: str
    roles: list[RoleOut]
    seafarer_profile: SeafarerSummary | None


class MePatchIn(BaseModel):
    """Only the fields sent are changed."""

    # A plain pydantic model: ninja's Schema would read attributes off any JSON value, so a
    # list or a number would pass as "no changes" instead of being refused.

    display_name: str = Field(  # type: ignore[assignment]
        None,
        min_length=1,
        max_length=DISPLAY_NAME_MAX,
        json_schema_extra={"pattern": DISPLAY_NAME_PATTERN},
    )
    preferred_language: Literal["zh-hans", "en"] = None  # type: ignore[assignment]
    time_zone: str = Field(  # type: ignore[assignment]
        None,
        description="IANA time zone name, e.g. Asia/Shanghai.",
        json_schema_extra={"enum": [*sorted(zones.known_zone_names())]},
    )

    @field_validator("display_name")
    @classmethod
    def _printable_name(cls, value: str) -> str:
        if not _DISPLAY_NAME_RE.match(value) or _SURROGATE_RE.search(value):
            raise PydanticCustomError("display_name", _("称呼不能为空,也不能包含控制字符。"))
        return value.strip()

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if not zones.is_known(value):
            raise PydanticCustomError(
                "time_zone", _("未知的时区,请使用 IANA 时区名称,例如 Asia/Shanghai。")
            )
        return value


class VesselOut(Schema):
    id: int
    name: str
    registration_number: str
    kind: str
    kind_label: str
    link_at_sea: str
    link_at_sea_label: str
    company: OrganisationRef
    updated_at: datetime


class VesselPage(Schema):
    count: int
    items: list[VesselOut]
