"""What sending costs a seafarer (issue 14 item 7): the link their ship has, its price (the
union's defaults in data/links.json, or their own), and the estimate shown before an action
is sent ("约 1.2 KB,约 ¥0.10").

Size of a request: the body the browser will encode from the rendered form (form_size.py,
filled in by the middleware) plus its request line and headers, which the server reads from
the page's own request (the POST carries the same cookies and headers, a few bytes more). A
per-message link takes ceil(size / message bytes) messages; a per-MB link is billed per
1,048,576 bytes.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.sea_frames.models import ShipLink

DEFAULTS_FILE = Path(__file__).resolve().parent / "data" / "links.json"
MEGABYTE = 1024 * 1024
# Headers the browser adds to a form's POST beyond those of the page's GET (Origin,
# Content-Type, Content-Length): a constant, not worth measuring per request.
POST_EXTRA_HEADERS = 120
DEFAULT_BODY = 600  # a form's body before the seafarer typed anything, for the no-JS text
NO_LINK = "none"  # cached for a seafarer who recorded no link
LINK_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class LinkPrice:
    kind: str
    unit: str
    price: Decimal
    message_bytes: int


@functools.cache
def defaults() -> dict[str, LinkPrice]:
    """The union's defaults per link kind; a malformed file stops the start-up."""
    try:
        links = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))["links"]
        found = {
            kind: LinkPrice(kind, spec["unit"], Decimal(spec["price"]), int(spec["message_bytes"]))
            for kind, spec in links.items()
        }
    except (OSError, ValueError, KeyError, TypeError, ArithmeticError) as error:
        raise ImproperlyConfigured(f"{DEFAULTS_FILE.name}: {error}") from error
    for kind, link in found.items():
        if kind not in ShipLink.Kind.values or link.unit not in ShipLink.Unit.values:
            raise ImproperlyConfigured(f"{DEFAULTS_FILE.name}: unknown kind or unit in {kind}")
        if link.price < 0 or (link.unit == ShipLink.Unit.MESSAGE and link.message_bytes <= 0):
            raise ImproperlyConfigured(f"{DEFAULTS_FILE.name}: {kind}: price or message size")
    return found


def price_of(link: ShipLink | None) -> LinkPrice | None:
    if link is None:
        return None
    return LinkPrice(link.kind, link.unit, link.price, link.message_bytes)


def _cache_key(user: User) -> str:
    # With the account's creation time: an id reused (a test database rolled back, a restored
    # backup) never reads another person's link.
    return f"sea-frames:link:{user.pk}:{user.created_at.timestamp()}"


def cached_link(user: User) -> LinkPrice | None:
    """The seafarer's link, from the cache: every form of theirs shows the estimate, and a
    page must not cost a query for it (the submission path's budget, tests/ops). Saving or
    erasing the link forgets the cached one (``forget_link``)."""
    found = cache.get(_cache_key(user))
    if found is None:
        found = price_of(ShipLink.objects.filter(seafarer_id=user.pk).first()) or NO_LINK
        cache.set(_cache_key(user), found, LINK_CACHE_SECONDS)
    return None if found == NO_LINK else found


def forget_link(user: User) -> None:
    cache.delete(_cache_key(user))


def header_bytes(request: HttpRequest) -> int:
    """The request line and headers of ``request`` as the browser sent them (HTTP/1.1)."""
    size = len(request.method or "GET") + len(request.get_full_path()) + 11
    for name, value in request.META.items():
        if name.startswith("HTTP_") or name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            size += len(name) - (5 if name.startswith("HTTP_") else 0) + len(str(value)) + 4
    return size


def cost(size: int, link: LinkPrice) -> Decimal:
    if link.unit == ShipLink.Unit.MESSAGE:
        return math.ceil(size / link.message_bytes) * link.price
    return Decimal(size) / MEGABYTE * link.price


def size_text(size: int) -> str:
    if size < 1000:
        return _("约 %(n)d 字节") % {"n": size}
    return _("约 %(kb)s KB") % {"kb": f"{size / 1024:.1f}"}


def cost_text(amount: Decimal) -> str:
    if amount < Decimal("0.01"):
        return _("不到 ¥0.01")
    return _("约 ¥%(yuan)s") % {"yuan": amount.quantize(Decimal("0.01"), ROUND_HALF_UP)}


def estimate_text(size: int, link: LinkPrice | None) -> str:
    if link is None:
        return size_text(size)
    return _("%(size)s,%(cost)s") % {"size": size_text(size), "cost": cost_text(cost(size, link))}
