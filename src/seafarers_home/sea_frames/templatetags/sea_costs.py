"""``{% send_cost %}`` inside a seafarer's form: what sending it costs on their ship's link
("约 1.2 KB,约 ¥0.10"), measured from the rendered form by the middleware (form_size.py);
``{% month_usage %}`` on the settings page: this month's total. One line in another app's
template: ``{% load sea_costs %}{% send_cost %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from seafarers_home.permissions.roles import is_seafarer
from seafarers_home.sea_frames import costs
from seafarers_home.sea_frames.usage import month_totals

register = template.Library()


def _link(request: Any) -> costs.LinkPrice | None:
    return costs.cached_link(request.user)


@register.simple_tag(takes_context=True)
def send_cost(context: Any, body: int = costs.DEFAULT_BODY) -> SafeString | str:
    request = context.get("request")
    if request is None or not is_seafarer(request.user):
        return ""
    link = _link(request)
    headers = costs.header_bytes(request)
    if request.method == "GET":
        headers += costs.POST_EXTRA_HEADERS
    # No request: the line needs none of the context processors, which would run again for
    # it (the person's unread count, messages, the CSRF token) on every form page.
    return render_to_string(
        "sea_frames/_send_cost.html",
        {"text": costs.estimate_text(headers + body, link), "link": link},
    )


@register.simple_tag(takes_context=True)
def month_usage(context: Any) -> SafeString | str:
    request = context.get("request")
    if request is None or not is_seafarer(request.user):
        return ""
    totals = month_totals(request.user)
    link = _link(request)
    return render_to_string(  # no request, as send_cost's line
        "sea_frames/_month_usage.html",
        {
            "requests": totals["requests"],
            "text": costs.estimate_text(totals["bytes"], link) if totals["bytes"] else "",
            "link": link,
        },
    )
