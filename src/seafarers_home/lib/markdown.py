"""The one Markdown renderer: lessons (screening/lessons/) and the safe-home pages
(voyages/safe_home/) are Markdown content files, rendered here with markdown-it-py.

CommonMark, with raw HTML in the source disabled (``html=False``: a ``<script>`` in a file is
shown as text, escaped), and links (and images) kept only when they go to http(s), mailto or
tel, or stay on the site; anything else (``javascript:``, ``data:``, ``file:``, …) is left as
plain text. An external link gets ``rel="noopener noreferrer"``; the Content-Security-Policy
(``core/csp.py``) still allows images from the site only.
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def _link_is_safe(url: str) -> bool:
    """Absolute links only to SAFE_SCHEMES; relative links (``/lessons/``, ``#part``) stay."""
    target = url.strip().lower()
    if target.startswith(SAFE_SCHEMES):
        return True
    scheme, colon, _rest = target.partition(":")
    # No scheme at all (a colon only after a path, query or fragment character) is relative.
    return not colon or any(c in scheme for c in "/?#")


def _render_link_open(
    renderer: RendererHTML,
    tokens: list[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if href.lower().startswith(("http:", "https:")):
        token.attrSet("rel", "noopener noreferrer")
    return renderer.renderToken(tokens, idx, options, env)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False})
    parser.validateLink = _link_is_safe  # type: ignore[method-assign]
    parser.add_render_rule("link_open", _render_link_open)
    return parser


_PARSER = _parser()


def render_markdown(source: str) -> SafeString:
    """``source`` (our own content files, still treated as untrusted) as HTML."""
    html: Any = _PARSER.render(source)
    return mark_safe(str(html).rstrip("\n"))  # noqa: S308 - html=False: markdown-it escapes text
