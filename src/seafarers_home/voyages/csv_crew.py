"""Importing a crew list (船员名单) from a CSV file: all rows or none.

Columns (first row = header, Chinese or English names, any order):

- the seafarer: 手机号 / 手机号码 / phone, or 海员证号 / seafarers_book_number (the book
  number wins when both are given);
- 船舶登记号 / registration_number / vessel;
- 计划出海日期 / planned_departure and 预计归港日期 / expected_return: 2026-03-01, also
  2026/3/1 as Excel writes it.

The file is read as UTF-8 (with or without BOM) or GBK (``lib.csv_files.decode_csv``).
Every row is checked before anything is written — unknown seafarer or vessel, a seafarer or
vessel of another company, a bad date, return before departure, a voyage overlapping one
already recorded or another row of the file, a seafarer without the health-data consent —
and the report lists every bad row. Only a clean file is imported: rows with the same vessel
and dates form one crew batch (one readiness page), written through
``services_voyages.do_record_crew`` inside one transaction, which checks again under row locks.
A row whose voyage is already recorded exactly so (same vessel and dates) is no clash: uploading
the same list twice (a dropped link) records nothing twice.

As in the screening import, an officer gets the same message for an unknown person and a
person of another company: the import must not tell an employer who is registered elsewhere.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import MAINLAND_MOBILE_RE, Role
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.models import ConsentKind, ConsentRecord
from seafarers_home.consent.services import current_document
from seafarers_home.core.inputs import InputRefused, read_csv
from seafarers_home.lib.csv_files import RowError, cell, column, decode_csv
from seafarers_home.organisations.membership import confirm_named_in_csv, in_company_scope
from seafarers_home.organisations.models import SeafarerProfile, Vessel
from seafarers_home.voyages.actions import do_record_crew
from seafarers_home.voyages.models import Voyage
from seafarers_home.voyages.phases import departure_day, end_day
from seafarers_home.voyages.services_voyages import (
    PURPOSE,
    VoyageInvalid,
    dates_errors,
    dates_overlap,
    overlap_message,
    recording_scope,
    seafarer_errors,
    vessel_errors,
)

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
COLUMNS = {
    "book": ("海员证号", "seafarers_book_number", "book_number"),
    "phone": ("手机号", "手机号码", "phone", "mobile"),
    "vessel": ("船舶登记号", "registration_number", "vessel"),
    "planned": ("计划出海日期", "planned_departure"),
    "expected": ("预计归港日期", "expected_return"),
}
DATE_RE = re.compile(r"\A(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\Z")


class CrewImportError(Exception):
    """The crew list has bad rows; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} bad rows")
        self.errors = errors


@dataclass(frozen=True)
class CrewRow:
    row: int
    seafarer: User
    vessel: Vessel
    planned_departure: datetime.date
    expected_return: datetime.date


@dataclass
class ParsedCrew:
    rows: list[CrewRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_date(text: str) -> datetime.date | None:
    match = DATE_RE.match(text.strip())
    if not match:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _columns(header: list[str]) -> dict[str, int | None]:
    return {key: column(header, names) for key, names in COLUMNS.items()}


def _read_rows(data: bytes, errors: list[RowError]) -> tuple[dict[str, int | None], list] | None:
    if len(data) > MAX_BYTES:
        errors.append(RowError(0, _("文件太大:最多 1 MB。")))
        return None
    text = decode_csv(data)
    if text is None:
        errors.append(RowError(0, _("无法读取文件:请保存为 UTF-8 或 GBK 编码的 CSV。")))
        return None
    try:
        rows = read_csv(text)
    except InputRefused as error:
        errors.append(RowError(0, error.message))
        return None
    if not rows:
        errors.append(RowError(0, _("文件是空的。")))
        return None
    columns = _columns(rows[0])
    if (columns["book"] is None and columns["phone"] is None) or any(
        columns[key] is None for key in ("vessel", "planned", "expected")
    ):
        errors.append(
            RowError(
                1,
                _(
                    "第一行须是表头,含:手机号或海员证号、船舶登记号、计划出海日期、预计归港日期"
                    "(也可用英文 phone、seafarers_book_number、registration_number、"
                    "planned_departure、expected_return)。"
                ),
            )
        )
        return None
    body = [
        (number, row)
        for number, row in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in row)  # Excel leaves blank lines at the end
    ]
    if len(body) > MAX_ROWS:
        errors.append(RowError(0, _("行数太多:一次最多导入 %(n)d 行。") % {"n": MAX_ROWS}))
        return None
    if not body:
        errors.append(RowError(0, _("文件里没有任何人。")))
        return None
    return columns, body


class _Lookup:
    """Everything the rows refer to, in a few queries for the whole file."""

    def __init__(self, columns: dict[str, int | None], body: list) -> None:
        books = {cell(r, columns["book"]) for _n, r in body} - {""}
        phones = {cell(r, columns["phone"]) for _n, r in body} - {""}
        numbers = {cell(r, columns["vessel"]) for _n, r in body} - {""}
        profiles = SeafarerProfile.objects.select_related("user").filter(
            user__role_grants__role=Role.SEAFARER, user__is_active=True
        )
        self.by_book = {
            p.seafarers_book_number: p for p in profiles.filter(seafarers_book_number__in=books)
        }
        self.by_phone = {p.user.phone: p for p in profiles.filter(user__phone__in=phones)}
        self.vessels = {
            v.registration_number: v for v in Vessel.objects.filter(registration_number__in=numbers)
        }
        user_ids = {p.user_id for p in [*self.by_book.values(), *self.by_phone.values()]}
        document = current_document(ConsentKind.HEALTH_DATA)
        self.consented = (
            set(
                ConsentRecord.objects.filter(
                    user_id__in=user_ids, document=document, withdrawn_at__isnull=True
                ).values_list("user_id", flat=True)
            )
            if document
            else set()
        )
        self.voyages: dict[int, list[Voyage]] = defaultdict(list)
        for voyage in Voyage.objects.filter(seafarer_id__in=user_ids, cancelled_at__isnull=True):
            self.voyages[voyage.seafarer_id].append(voyage)


def _seafarer(
    book: str, phone: str, lookup: _Lookup, scope: list[int] | None
) -> tuple[SeafarerProfile | None, str]:
    if not book and not phone:
        return None, _("海员证号和手机号码都是空的。")
    if not book and not re.match(MAINLAND_MOBILE_RE, phone):
        return None, _("手机号码格式不正确:须是11位中国大陆手机号码。")
    profile = lookup.by_book.get(book) if book else lookup.by_phone.get(phone)
    if scope is not None and not in_company_scope(profile, scope):
        return None, _("在本企业的海员中找不到此人。")
    if profile is None:
        return None, _("找不到此海员:请核对海员证号或手机号码。")
    return profile, ""


def _dates(planned_text: str, expected_text: str) -> tuple[Any, Any, list[str]]:
    planned, expected = parse_date(planned_text), parse_date(expected_text)
    problems = []
    if planned is None:
        problems.append(
            _("计划出海日期“%(value)s”不是有效日期(例:2026-03-01)。") % {"value": planned_text}
        )
    if expected is None:
        problems.append(
            _("预计归港日期“%(value)s”不是有效日期(例:2026-06-30)。") % {"value": expected_text}
        )
    if not problems:
        problems = dates_errors(planned, expected)
    return planned, expected, problems


def _row_problems(
    number: int,
    row: list[str],
    columns: dict[str, int | None],
    lookup: _Lookup,
    actor: User,
    scope: list[int] | None,
) -> tuple[CrewRow | None, list[str]]:
    profile, problem = _seafarer(
        cell(row, columns["book"]), cell(row, columns["phone"]), lookup, scope
    )
    problems = [problem] if problem else []
    if profile is not None:
        problems += seafarer_errors(
            profile.user,
            actor,
            profile=profile,
            consented=profile.user_id in lookup.consented,
            named_in_list=True,
        )
    vessel = lookup.vessels.get(cell(row, columns["vessel"]))
    problems += vessel_errors(vessel, actor)
    planned, expected, date_problems = _dates(
        cell(row, columns["planned"]), cell(row, columns["expected"])
    )
    problems += date_problems
    if problems:
        return None, problems
    return CrewRow(number, profile.user, vessel, planned, expected), []


def parse_crew(data: bytes, actor: User) -> ParsedCrew:
    """Check every row of ``data`` as ``actor`` would record it; write nothing."""
    result = ParsedCrew()
    read = _read_rows(data, result.errors)
    if read is None:
        return result
    columns, body = read
    lookup = _Lookup(columns, body)
    scope = recording_scope(actor)
    taken: dict[int, list[tuple[int, datetime.date, datetime.date]]] = defaultdict(list)
    for number, row in body:
        crew_row, problems = _row_problems(number, row, columns, lookup, actor, scope)
        if crew_row is not None:
            problems = _overlaps(crew_row, lookup, taken.get(crew_row.seafarer.pk, []))
        if problems:
            result.errors += [RowError(number, problem) for problem in problems]
            continue
        taken[crew_row.seafarer.pk].append(
            (number, crew_row.planned_departure, crew_row.expected_return)
        )
        result.rows.append(crew_row)
    return result


def _overlaps(
    crew_row: CrewRow, lookup: _Lookup, earlier_rows: list[tuple[int, datetime.date, datetime.date]]
) -> list[str]:
    start, end = crew_row.planned_departure, crew_row.expected_return
    for voyage in lookup.voyages.get(crew_row.seafarer.pk, []):
        same = (voyage.vessel_id, voyage.planned_departure, voyage.expected_return) == (
            crew_row.vessel.pk,
            start,
            end,
        )
        if not same and dates_overlap(start, end, departure_day(voyage), end_day(voyage)):
            return [overlap_message(voyage)]
    for number, other_start, other_end in earlier_rows:
        if dates_overlap(start, end, other_start, other_end):
            return [_("与第 %(row)d 行是同一位海员,航次时间重叠。") % {"row": number}]
    return []


def do_import_crew(actor: User, data: bytes, *, request: HttpRequest | None = None) -> list[Voyage]:
    """Record the voyages of a crew list: all rows, or (any bad row) none and raise
    ``CrewImportError`` with the row errors. Rows sharing vessel and dates share a batch."""
    parsed = parse_crew(data, actor)
    if parsed.errors:
        raise CrewImportError(parsed.errors)
    groups: dict[tuple[int, datetime.date, datetime.date], list[CrewRow]] = defaultdict(list)
    for row in parsed.rows:
        groups[(row.vessel.pk, row.planned_departure, row.expected_return)].append(row)
    source = Voyage.Source.IMPORT
    voyages: list[Voyage] = []
    try:
        with transaction.atomic():
            # The company's own crew list vouches for people still waiting for its
            # confirmation: they join its crew list before their voyages are recorded.
            confirm_named_in_csv(
                actor,
                [row.seafarer.pk for row in parsed.rows],
                recording_scope(actor),
                request=request,
            )
            for rows in groups.values():
                voyages += do_record_crew(
                    [row.seafarer for row in rows],
                    vessel=rows[0].vessel,
                    planned_departure=rows[0].planned_departure,
                    expected_return=rows[0].expected_return,
                    recorded_by=actor,
                    source=source,
                    request=request,
                )
            record_audit(
                actor,
                "voyages.import",
                purpose=PURPOSE,
                request=request,
                detail={"rows": len(parsed.rows), "batches": len(groups)},
            )
    except VoyageInvalid as exc:
        # Somebody recorded a clashing voyage between the check and the write.
        raise CrewImportError([RowError(0, message) for message in exc.messages]) from exc
    return voyages
