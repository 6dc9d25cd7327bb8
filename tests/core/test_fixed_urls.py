"""``{% fixed_url %}`` (issue 20 item 8) answers what ``{% url %}`` answers, under any script
prefix the site is served below."""

from __future__ import annotations

from django.template import engines
from django.urls import reverse, set_script_prefix

TEMPLATE = "{% load fixed_urls %}{% fixed_url 'core:help' %}|{% url 'core:help' %}"


def render() -> list[str]:
    return engines["django"].from_string(TEMPLATE).render({}).split("|")


def test_it_answers_what_url_answers_under_any_script_prefix() -> None:
    try:
        for prefix in ("/", "/union/", "/"):
            set_script_prefix(prefix)
            fixed, plain = render()
            assert fixed == plain == reverse("core:help")
            assert fixed.startswith(prefix)
    finally:
        set_script_prefix("/")
