"""``{% translate "constant" %}`` rendered once per language (lib/template_i18n.py): every
template's ``{% load i18n %}`` gets it, it follows the active language and autoescaping, and
every other form of the tag is Django's own."""

from __future__ import annotations

from django.template import Context, Template
from django.templatetags.i18n import TranslateNode
from django.utils import translation

from seafarers_home.lib.template_i18n import ConstantTranslateNode

BUSY = "服务器繁忙,请稍后再试。"
BUSY_EN = "The server is busy. Please try again in a few seconds."


def render(template: Template, language: str, autoescape: bool = True, **values: str) -> str:
    with translation.override(language):
        return template.render(Context(values, autoescape=autoescape))


def test_it_follows_the_active_language_from_one_render_to_the_next():
    template = Template('{% load i18n %}{% translate "' + BUSY + '" %}|{% trans "首页" %}')
    nodes = template.nodelist.get_nodes_by_type(TranslateNode)
    assert {type(node) for node in nodes} == {ConstantTranslateNode}
    assert render(template, "zh-hans") == f"{BUSY}|首页"
    assert render(template, "en").startswith(f"{BUSY_EN}|")
    assert render(template, "zh-hans") == f"{BUSY}|首页"
    assert render(template, "en").startswith(f"{BUSY_EN}|")


def test_it_renders_what_django_renders_with_autoescaping_on_and_off():
    # As Django's own node: a literal in a template is safe (not escaped) and keeps "%%".
    template = Template('{% load i18n %}{% translate "a < b & 100%% c" %}')
    for autoescape in (True, False, True):
        assert render(template, "en", autoescape=autoescape) == "a < b & 100%% c"
    assert render(Template("{% load i18n %}{% translate word %}"), "en", word="<b>") == "&lt;b&gt;"


def test_variables_filters_as_context_and_noop_are_django_s_own_and_never_kept():
    template = Template(
        "{% load i18n %}{% translate word %}|{% translate word|upper %}|"
        '{% translate "' + BUSY + '" as busy %}{{ busy }}|'
        '{% translate "May" context "month name" %}|{% translate "' + BUSY + '" noop %}'
    )
    nodes = template.nodelist.get_nodes_by_type(TranslateNode)
    assert not any(isinstance(node, ConstantTranslateNode) for node in nodes)
    assert render(template, "en", word="ab") == f"ab|AB|{BUSY_EN}|May|{BUSY}"
    assert render(template, "en", word="cd") == f"cd|CD|{BUSY_EN}|May|{BUSY}"
    assert render(template, "zh-hans", word="cd").split("|")[2] == BUSY
