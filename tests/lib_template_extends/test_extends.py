"""``{% extends %}`` with the root template's blocks kept (lib/template_extends.py): the same
pages as Django's, through a chain of templates, ``block.super`` and one render after another."""

from __future__ import annotations

from django.template import Context, Engine

from seafarers_home.lib.template_extends import KeptBlocksExtendsNode

TEMPLATES = {
    "root.html": "<{% block title %}root{% endblock %}|{% block body %}{% endblock %}|"
    "{% block foot %}foot{% endblock %}>",
    "middle.html": '{% extends "root.html" %}{% block title %}middle·{{ block.super }}'
    "{% endblock %}{% block body %}[{% block inner %}inner{% endblock %}]{% endblock %}",
    "page.html": '{% extends "middle.html" %}{% block inner %}{{ word }}{% endblock %}',
    "short.html": '{% extends "root.html" %}{% block body %}{{ word }}{% endblock %}',
}


def test_pages_through_a_chain_of_templates_are_django_s_pages_render_after_render():
    locmem = ("django.template.loaders.locmem.Loader", TEMPLATES)
    engine = Engine(loaders=[("django.template.loaders.cached.Loader", [locmem])])
    page, short = engine.get_template("page.html"), engine.get_template("short.html")
    assert isinstance(page.nodelist[0], KeptBlocksExtendsNode)
    for word in ("one", "two", "three"):
        assert page.render(Context({"word": word})) == f"<middle·root|[{word}]|foot>"
        assert short.render(Context({"word": word})) == f"<root|{word}|foot>"
    # The root's blocks were kept on the compiled root template, once.
    root = engine.get_template("root.html")
    assert set(root.__dict__["_root_blocks"]) == {"title", "body", "foot"}
