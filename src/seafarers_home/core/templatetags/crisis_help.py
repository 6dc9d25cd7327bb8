"""``{% crisis_box %}``: the one crisis box (core/_crisis_box.html) with the one text source
(core/crisis_help.py). Needs no context processor, so any page can show it."""

from __future__ import annotations

from typing import Any

from django import template

from seafarers_home.core.crisis_help import crisis_box_context

register = template.Library()


@register.inclusion_tag("core/_crisis_box.html")
def crisis_box(alerted: bool = False, lead: str = "", box_id: str = "crisis") -> dict[str, Any]:
    return {**crisis_box_context(alerted=alerted, lead=lead), "box_id": box_id}
