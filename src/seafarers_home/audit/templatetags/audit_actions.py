"""``{{ event.action|action_label }}`` and ``{{ event.purpose|purpose_label }}``: the words
for a stored action code and purpose."""

from __future__ import annotations

from django import template

from seafarers_home.audit.catalogue import label_for
from seafarers_home.audit.purposes import purpose_label

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return label_for(code)


@register.filter(name="purpose_label")
def purpose_label_filter(purpose: str) -> str:
    return purpose_label(purpose)
