"""Checking an evidence upload before anything is stored: a PDF by its bytes (not its name or
the browser's content type), size-limited; anything else must be a photo and is re-encoded as
the message board does (``inquiries.photos``: small JPEG, no EXIF or GPS). The original photo
is never kept."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from seafarers_home.inquiries.photos import (
    PhotoError,
    not_an_image_message,
    read_upload,
    reencode_photo,
)

MAX_FILES_PER_UPLOAD = 5
MAX_FILES_PER_CASE = 20
MAX_PDF_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


class EvidenceError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # "photo" or "pdf"
    content: bytes
    sha256: str  # of the upload as sent


def _read(upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PDF_BYTES * 2:
        raise EvidenceError(_("文件太大了。"))
    try:
        return read_upload(upload)
    except PhotoError as exc:
        raise EvidenceError(exc.message) from None


def _is_pdf(raw: bytes) -> bool:
    # The header may follow a little junk (the PDF reference allows 1024 bytes); the file
    # must also end with the end-of-file marker, or it is truncated or not a PDF at all.
    return PDF_MAGIC in raw[:1024] and b"%%EOF" in raw[-2048:]


def check_file(upload: Any) -> CheckedFile:
    """The file to store, or ``EvidenceError`` with a translated reason."""
    raw = _read(upload)
    digest = hashlib.sha256(raw).hexdigest()
    if raw[:1024].find(PDF_MAGIC) >= 0:
        if not _is_pdf(raw):
            raise EvidenceError(_("这个PDF文件不完整或已损坏。"))
        if len(raw) > MAX_PDF_BYTES:
            raise EvidenceError(_("PDF文件最大 5 MB。"))
        return CheckedFile("pdf", raw, digest)
    try:
        photo = reencode_photo(raw)
    except PhotoError as exc:
        if exc.message == not_an_image_message():
            raise EvidenceError(_("只能上传照片(JPEG、PNG等)或PDF文件。")) from None
        raise EvidenceError(exc.message) from None  # too big, busy: the photo's own reason
    return CheckedFile("photo", photo.data, digest)


def check_files(uploads: list[Any], already: int = 0) -> tuple[list[CheckedFile], str]:
    """The checked files, or an error message for the first bad one (then none is kept)."""
    if len(uploads) > MAX_FILES_PER_UPLOAD:
        return [], _("一次最多上传 %(n)d 个文件。") % {"n": MAX_FILES_PER_UPLOAD}
    if already + len(uploads) > MAX_FILES_PER_CASE:
        return [], _("每个案件最多 %(n)d 个证据文件。") % {"n": MAX_FILES_PER_CASE}
    checked = []
    for number, upload in enumerate(uploads, start=1):
        try:
            checked.append(check_file(upload))
        except EvidenceError as exc:
            return [], _("第 %(n)d 个文件:%(error)s") % {"n": number, "error": exc.message}
    return checked, ""
