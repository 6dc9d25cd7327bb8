"""The seafarer records their ship's link and its price (issue 14 item 7). Left blank, the
price is the union's default for that kind of link (data/links.json)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.sea_frames.costs import defaults, forget_link
from seafarers_home.sea_frames.models import ShipLink


class LinkInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def do_save_ship_link(
    seafarer: User,
    *,
    kind: str,
    unit: str = "",
    price: Decimal | None = None,
    message_bytes: int | None = None,
    request: HttpRequest | None = None,
) -> ShipLink:
    if kind not in ShipLink.Kind.values:
        raise LinkInvalid({"kind": _("请选择船上的通信方式。")})
    base = defaults().get(kind)
    unit = unit or (base.unit if base else ShipLink.Unit.MEGABYTE)
    if unit not in ShipLink.Unit.values:
        raise LinkInvalid({"unit": _("请选择计价方式。")})
    if price is None:
        if base is None or base.unit != unit:
            raise LinkInvalid({"price": _("这种计价方式没有工会参考价,请填写价格。")})
        price = base.price
    if unit == ShipLink.Unit.MESSAGE:
        message_bytes = message_bytes or (base.message_bytes if base else 0)
        if not message_bytes:
            raise LinkInvalid({"message_bytes": _("按条计价时请填写每条可发的字节数。")})
    else:
        message_bytes = 0
    if price < 0:
        raise LinkInvalid({"price": _("价格不能是负数。")})
    with transaction.atomic():
        link, _created = ShipLink.objects.update_or_create(
            seafarer=seafarer,
            defaults={
                "kind": kind,
                "unit": unit,
                "price": price,
                "message_bytes": message_bytes,
            },
        )
        # Now and once committed: a page drawn in between may have cached the old link.
        forget_link(seafarer)
        transaction.on_commit(lambda: forget_link(seafarer))
        record_audit(
            seafarer,
            "sea_frames.link_save",
            target=link,
            purpose="sending costs",
            request=request,
            detail={"kind": kind, "unit": unit},
        )
    return link
