"""``{% extends %}`` without walking the base template for its blocks on every page.

Django's ``ExtendsNode.render`` collects the blocks of the root template (``base.html``) with
``get_nodes_by_type``, a walk of its whole node tree, each time a page that extends it is drawn:
~550 function calls per page (bench/README.md). A compiled template's nodes never change (the
cached loader keeps it for the life of the process), so the walk's answer is kept on the
compiled template; the rest of the render is Django's, line for line.

``install()`` (from core's ``AppConfig.ready``, before any template is compiled) registers the
tag on Django's own ``loader_tags`` library, a built-in: no template changes.
"""

from __future__ import annotations

from typing import Any

from django.template import loader_tags
from django.template.base import Parser, Template, TextNode, Token
from django.template.context import Context
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode
from django.utils.safestring import SafeString


def _root_blocks(template: Template) -> dict[str, Any]:
    blocks: dict[str, Any] | None = template.__dict__.get("_root_blocks")
    if blocks is None:
        nodes: list[Any] = template.nodelist.get_nodes_by_type(BlockNode)
        blocks = {n.name: n for n in nodes}
        template.__dict__["_root_blocks"] = blocks
    return blocks


class KeptBlocksExtendsNode(ExtendsNode):
    def render(self, context: Context) -> SafeString:
        compiled_parent: Any = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        # A parent whose first node is not an extends is the root: its blocks too.
        for node in compiled_parent.nodelist:
            if not isinstance(node, TextNode):
                if not isinstance(node, ExtendsNode):
                    block_context.add_blocks(_root_blocks(compiled_parent))
                break
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


_django_do_extends = loader_tags.do_extends


def do_extends(parser: Parser, token: Token) -> KeptBlocksExtendsNode:
    node: Any = _django_do_extends(parser, token)
    return KeptBlocksExtendsNode(node.nodelist, node.parent_name, node.template_dirs)


def install() -> None:
    loader_tags.register.tag("extends", do_extends)
