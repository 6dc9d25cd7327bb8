"""``{% translate "constant" %}`` rendered once per language.

The templates hold some two thousand ``{% translate "…" %}`` tags, 20–30 on every page. Django
renders each one anew on every page: it resolves the literal, looks it up in the catalogue,
localizes it, escapes it and restores its percent signs — about 7 % of a page's CPU in the
submission path's profile (bench/README.md). For a constant string without filters, ``as``
or ``context``, the result depends only on the active language and on whether autoescaping is
on, so each tag keeps what it rendered for those two. Everything else (a variable, a filter,
``as``, ``context``, ``noop``) is Django's own node, unchanged.

``install()`` (from core's ``AppConfig.ready``, before any template is compiled) registers the
tag on Django's own ``i18n`` library, so that ``{% load i18n %}`` is unchanged in every template
(mapping the name ``i18n`` to another module instead would make Django warn that two modules
share it, templates.W003).
"""

from __future__ import annotations

from typing import Any

from django.template.base import Parser, Token, Variable
from django.template.context import Context
from django.templatetags import i18n as django_i18n
from django.utils import translation
from django.utils.safestring import SafeString


class ConstantTranslateNode(django_i18n.TranslateNode):
    """``{% translate "constant" %}``: rendered once per language and autoescape setting."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rendered: dict[tuple[str | None, bool], SafeString | str] = {}

    def render(self, context: Context) -> SafeString | str:
        key = (translation.get_language(), context.autoescape)
        try:
            return self.rendered[key]
        except KeyError:
            value = self.rendered[key] = super().render(context)
            return value


def _is_constant(node: django_i18n.TranslateNode) -> bool:
    variable = node.filter_expression.var
    return (
        isinstance(variable, Variable)
        and variable.literal is not None
        and variable.lookups is None
        and not node.filter_expression.filters
        and not node.noop
        and node.asvar is None
        and node.message_context is None
    )


_django_do_translate = django_i18n.do_translate


def do_translate(parser: Parser, token: Token) -> django_i18n.TranslateNode:
    node = _django_do_translate(parser, token)
    if _is_constant(node):
        return ConstantTranslateNode(node.filter_expression, node.noop)
    return node


def install() -> None:
    django_i18n.register.tag("translate", do_translate)
    django_i18n.register.tag("trans", do_translate)
