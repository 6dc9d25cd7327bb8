"""The size of the request a rendered form will send, read from the page itself: the seafarer's
pages carry no JavaScript (they must work on a 32 kbps link without it), so the estimate of
``{% send_cost %}`` is computed on the server from the form's own fields, as the browser will
encode them — hidden fields, the chosen (or, for a question still to answer, the longest)
radio value, ticked boxes, selected options, typed text, file parts — in the form's encoding
(URL-encoded, or multipart with Chromium's 38-character boundary).

Free text the seafarer has still to type cannot be known: the page says what each 100
characters add.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import quote_plus

BOUNDARY = 38  # "----WebKitFormBoundary" and 16 characters
SKIPPED_TYPES = {"submit", "button", "reset", "image"}
# The attribute of a ``{% send_cost %}`` line (sea_frames/_send_cost.html): a form holding one
# gets its estimate.
MARKER = "data-send-cost"
FORM = re.compile(r"<form\b.*?</form\s*>", re.S | re.I)
TEXT_TYPES = {"text", "search", "tel", "email", "url", "number", "", "datetime-local", "date"}


@dataclass
class FormShape:
    multipart: bool = False
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    radios: dict[str, str] = field(default_factory=dict)
    ticked: set[str] = field(default_factory=set)
    free_text: bool = False  # an empty text field or textarea the seafarer will fill
    estimated: bool = False  # holds a {% send_cost %} line

    def body_size(self) -> int:
        pairs = self.fields + list(self.radios.items())
        if not self.multipart:
            encoded = [f"{quote_plus(name)}={quote_plus(value)}" for name, value in pairs]
            return len("&".join(encoded))
        size = 0
        for name, value in pairs:
            # --boundary CRLF, the disposition line CRLF, a blank line, the value CRLF
            size += BOUNDARY + 4 + 38 + len(name.encode()) + 5 + len(value.encode()) + 2
        for name in self.files:  # no file chosen: an empty part with its type
            size += BOUNDARY + 4 + 38 + len(name.encode()) + 1 + 13 + 2 + 38 + 4 + 2
        return size + BOUNDARY + 6  # the closing boundary

    def per_hundred_characters(self) -> int:
        """Bytes 100 Chinese characters of typed text add: 3 bytes each as UTF-8, 9 when
        URL-encoded (%E5%A4%A7)."""
        return 300 if self.multipart else 900


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[FormShape] = []
        self._form: FormShape | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, options, selected
        self._option: dict[str, str | None] | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value for name, value in attrs}
        if tag == "form":
            self._form = FormShape(multipart="multipart" in (found.get("enctype") or ""))
            return
        form = self._form
        if form is None:
            return
        if MARKER in found:
            form.estimated = True
        name = found.get("name") or ""
        if tag == "input" and name and "disabled" not in found:
            self._input(form, name, (found.get("type") or "").lower(), found)
        elif tag == "select" and name:
            self._select = (name, [], [])
        elif tag == "option" and self._select is not None:
            self._option = {"value": found.get("value"), "selected": found.get("selected", "-")}
            self._option["text"] = ""
        elif tag == "textarea" and name:
            self._textarea = (name, [])

    def _input(self, form: FormShape, name: str, kind: str, found: dict[str, str | None]) -> None:
        value = found.get("value") or ""
        if kind in SKIPPED_TYPES:
            return
        if kind == "radio":
            # The ticked answer, or for a question still open the longest it may send.
            if "checked" in found:
                form.radios[name] = value
                form.ticked.add(name)
            elif name not in form.ticked and len(value) > len(form.radios.get(name, "")):
                form.radios[name] = value
        elif kind == "checkbox":
            if "checked" in found:
                form.fields.append((name, value or "on"))
        elif kind == "file":
            form.files.append(name)
        else:
            form.fields.append((name, value))
            if kind in TEXT_TYPES and not value:
                form.free_text = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        elif self._option is not None:
            self._option["text"] = (self._option["text"] or "") + data

    def handle_endtag(self, tag: str) -> None:
        form = self._form
        if tag == "option" and self._option is not None and self._select is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else (option["text"] or "")
            self._select[1].append(value.strip() if option["value"] is None else value)
            if option["selected"] != "-":
                self._select[2].append(self._select[1][-1])
            self._option = None
        elif tag == "select" and self._select is not None and form is not None:
            name, options, selected = self._select
            if selected or options:
                form.fields.append((name, (selected or options)[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and form is not None:
            text = "".join(self._textarea[1]).lstrip("\n")
            form.fields.append((self._textarea[0], text))
            form.free_text = form.free_text or not text
            self._textarea = None
        elif tag == "form" and form is not None:
            self.forms.append(form)
            self._form = None


def _parse(marked_forms: list[str]) -> list[FormShape]:
    reader = _Reader()
    for form in marked_forms:
        reader.feed(form)
    reader.close()
    return [form for form in reader.forms if form.estimated]


def _marked_forms(html: str) -> list[str]:
    # Only the forms holding the marker are parsed, not the whole page: forms do not nest, and
    # parsing every page's navigation and text was most of this step's cost (issue 20 item 2).
    return [form[0] for form in FORM.finditer(html) if MARKER in form[0]]


def estimated_forms(html: str) -> list[FormShape]:
    """The forms of ``html`` holding a ``{% send_cost %}`` line, in page order."""
    return _parse(_marked_forms(html))


class Estimate(NamedTuple):
    """What a ``{% send_cost %}`` line says of its form."""

    body_size: int
    free_text: bool
    per_hundred_characters: int


# A value the encoded body holds as it is (quote_plus leaves these characters alone, and they
# are one byte each in multipart): only its length counts. The page's CSRF token and
# idempotency keys are such values, different on every page drawn.
URL_SAFE_VALUE = re.compile(r'(\bvalue=")([A-Za-z0-9_.~-]+)(")')
# Never part of the body: where the form goes (the screening's own address), links, and the
# estimate line's current text.
NOT_SENT = re.compile(r'\s(?:action|href)="[^"]*"|(?<=<output>).*?(?=</output>)', re.S)
MEMO_SIZE = 512
_memo: dict[bytes, list[Estimate]] = {}


def estimates(html: str) -> list[Estimate]:
    """``estimated_forms`` as the middleware needs it, remembered per form shape: the same
    questionnaire page is drawn again and again with only its tokens changed, and parsing it
    was ~1.5 ms of each such page (issue 20 item 8). The key is a digest of the forms with
    every URL-safe value replaced by as many ``x`` (same size, same estimate); no text a
    person typed is kept. Where the form goes and the line's own text are left out of the key.
    """
    same_size = [URL_SAFE_VALUE.sub(_blank, NOT_SENT.sub("", form)) for form in _marked_forms(html)]
    digest = hashlib.sha256("\0".join(same_size).encode()).digest()
    found = _memo.get(digest)
    if found is None:
        found = [
            Estimate(form.body_size(), form.free_text, form.per_hundred_characters())
            for form in _parse(same_size)
        ]
        if len(_memo) >= MEMO_SIZE:
            _memo.clear()  # pages' shapes are few; a full memo means typed text, not shapes
        _memo[digest] = found
    return found


def _blank(value: re.Match[str]) -> str:
    return value[1] + "x" * len(value[2]) + value[3]
