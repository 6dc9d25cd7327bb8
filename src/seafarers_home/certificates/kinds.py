"""Certificate kinds as data: ``kinds.json`` beside this module, validated with pydantic when the
app starts (``CertificatesConfig.ready``). A malformed file stops the start-up with a message
naming the field (``kinds[3].code: ...``): a wallet that offers a kind nobody can validate, or
two kinds under one code, must not reach a seafarer.

A kind says whether its certificates expire (the seafarer's record book does not): a kind that
expires needs an expiry date. The medical certificate is a kind like the others and carries only
its validity, never findings (nothing in the wallet is health data).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from seafarers_home.lib.validation import FieldError, first_problem

KINDS_FILE = Path(__file__).resolve().parent / "kinds.json"

Group = Literal["identity", "competency", "training", "medical"]


class KindSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=40)]
    name_zh: Annotated[str, Field(min_length=1, max_length=60)]
    name_en: Annotated[str, Field(min_length=1, max_length=100)]
    group: Group
    expires: bool = True


class KindsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: Annotated[list[KindSpec], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_codes(self) -> KindsFile:
        seen: set[str] = set()
        for position, kind in enumerate(self.kinds):
            if kind.code in seen:
                raise FieldError(("kinds", position, "code"), f"{kind.code} is defined twice")
            seen.add(kind.code)
        return self


class KindsFileError(ImproperlyConfigured):
    """A malformed kinds file; the message names the field."""


@dataclass(frozen=True)
class CertificateKind:
    code: str
    name_zh: str
    name_en: str
    group: str
    expires: bool

    @property
    def name(self) -> str:
        english = (get_language() or "zh-hans").lower().startswith("en")
        return self.name_en if english else self.name_zh


_registry: dict[str, CertificateKind] = {}


def parse_kinds(data: object, filename: str = KINDS_FILE.name) -> dict[str, CertificateKind]:
    try:
        parsed = KindsFile.model_validate(data)
    except ValidationError as exc:
        path, message = first_problem(exc)
        raise KindsFileError(f"{filename}: {path}: {message}") from None
    return {
        spec.code: CertificateKind(spec.code, spec.name_zh, spec.name_en, spec.group, spec.expires)
        for spec in parsed.kinds
    }


def load_kinds(path: Path = KINDS_FILE) -> None:
    """(Re)load the registry from ``path``; raises ``KindsFileError``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KindsFileError(f"{path.name}: not readable JSON: {exc}") from None
    kinds = parse_kinds(data, path.name)
    _registry.clear()
    _registry.update(kinds)


def all_kinds() -> list[CertificateKind]:
    if not _registry:
        load_kinds()
    return list(_registry.values())


def get_kind(code: str) -> CertificateKind | None:
    if not _registry:
        load_kinds()
    return _registry.get(code)


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.name) for kind in all_kinds()]


def kind_name(code: str) -> str:
    kind = get_kind(code)
    return kind.name if kind else code
