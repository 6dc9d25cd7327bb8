"""``{{ event.action|action_label }}``: the catalogue's words for a stored action code."""

from __future__ import annotations

from django import template

from seafarers_home.audit.catalogue import label_for

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return label_for(code)
