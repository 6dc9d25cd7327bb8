"""``{% fixed_url 'name' %}``: the address of a view that takes no arguments, reversed once per
process instead of on every page.

``{% url %}`` reverses on each use; the base template's dozen links cost ~5 % of a page's CPU
(issue 20 item 8). Such an address changes only with the URL configuration and the script
prefix the site is served under, which are the cache's key.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    return _reversed(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=512)
def _reversed(name: str, urlconf: str, _prefix: str) -> str:
    return reverse(name, urlconf=urlconf)
