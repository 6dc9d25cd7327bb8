"""Reading a campaign's invitee list from a CSV file, row by row, without writing anything.

The file is decoded as UTF-8 (with or without BOM) or GBK (``lib.csv_files``). A row names a
person by seafarer's book number or mobile number (either column,
or both: the book number wins). The whole file is checked before anything is imported:
``parse_invitees`` returns the people and a list of row errors, and the caller imports only
when the list is empty (see ``actions_campaigns.do_import_invites``).

To an officer an unknown person and a person of another company get the same message: the
import must not tell an employer whether someone is registered with a competitor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from seafarers_home.accounts.models import MAINLAND_MOBILE_RE, Role
from seafarers_home.core.inputs import InputRefused, read_csv
from seafarers_home.lib.csv_files import RowError, cell, column, decode_csv
from seafarers_home.organisations.membership import in_company_scope
from seafarers_home.organisations.models import SeafarerProfile

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
BOOK_COLUMNS = ("seafarers_book_number", "海员证号")
PHONE_COLUMNS = ("phone", "手机号码", "手机号")


@dataclass
class ParsedInvitees:
    users: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_invitees(data: bytes, *, company_ids: list[int] | None) -> ParsedInvitees:
    """Resolve every row of ``data`` to a seafarer's user account.

    ``company_ids`` limits who may be invited (an officer's companies); None means anyone
    (union staff)."""
    result = ParsedInvitees()
    if len(data) > MAX_BYTES:
        result.errors.append(RowError(0, _("文件太大:最多 1 MB。")))
        return result
    text = decode_csv(data)
    if text is None:
        result.errors.append(RowError(0, _("无法读取文件:请保存为 UTF-8 或 GBK 编码的 CSV。")))
        return result
    try:
        rows = read_csv(text)
    except InputRefused as error:
        result.errors.append(RowError(0, error.message))
        return result
    if not rows:
        result.errors.append(RowError(0, _("文件是空的。")))
        return result
    book_col, phone_col = column(rows[0], BOOK_COLUMNS), column(rows[0], PHONE_COLUMNS)
    if book_col is None and phone_col is None:
        result.errors.append(
            RowError(
                1, _("第一行须是表头,含 seafarers_book_number(海员证号)或 phone(手机号码)列。")
            )
        )
        return result
    if len(rows) - 1 > MAX_ROWS:
        result.errors.append(RowError(0, _("行数太多:一次最多导入 %(n)d 人。") % {"n": MAX_ROWS}))
        return result
    entries = [
        (number, cell(row, book_col), cell(row, phone_col))
        for number, row in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in row)  # Excel leaves blank lines at the end
    ]
    by_book, by_phone = _lookup(entries)
    seen: dict[int, int] = {}
    for number, book, phone in entries:
        profile, error = _resolve(book, phone, by_book, by_phone, company_ids)
        if error:
            result.errors.append(RowError(number, error))
        elif profile.user_id in seen:
            message = _("与第 %(row)d 行是同一人,重复。") % {"row": seen[profile.user_id]}
            result.errors.append(RowError(number, message))
        else:
            seen[profile.user_id] = number
            result.users.append(profile.user)
    if not result.users and not result.errors:
        result.errors.append(RowError(0, _("文件里没有任何人。")))
    return result


def _lookup(
    entries: list[tuple[int, str, str]],
) -> tuple[dict[str, SeafarerProfile], dict[str, SeafarerProfile]]:
    """Two queries for the whole file instead of one per row."""
    books = {book for _n, book, _p in entries if book}
    phones = {phone for _n, book, phone in entries if phone and not book}
    profiles = SeafarerProfile.objects.select_related("user").filter(
        user__role_grants__role=Role.SEAFARER, user__is_active=True
    )
    by_book = {p.seafarers_book_number: p for p in profiles.filter(seafarers_book_number__in=books)}
    by_phone = {p.user.phone: p for p in profiles.filter(user__phone__in=phones)}
    return by_book, by_phone


def _resolve(
    book: str,
    phone: str,
    by_book: dict[str, SeafarerProfile],
    by_phone: dict[str, SeafarerProfile],
    company_ids: list[int] | None,
) -> tuple[SeafarerProfile | None, str]:
    if not book and not phone:
        return None, _("海员证号和手机号码都是空的。")
    if not book and not re.match(MAINLAND_MOBILE_RE, phone):
        return None, _("手机号码格式不正确:须是11位中国大陆手机号码。")
    profile = by_book.get(book) if book else by_phone.get(phone)
    if company_ids is not None and not in_company_scope(profile, company_ids):
        return None, _("在本企业的海员中找不到此人。")
    if profile is None:
        return None, _("找不到此海员:请核对海员证号或手机号码。")
    return profile, ""
