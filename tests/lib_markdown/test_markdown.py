"""The one Markdown renderer (lib/markdown.py) of lessons and safe-home pages: CommonMark with
raw HTML off and only safe links; the shipped content files keep their plain structure."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from seafarers_home.lib.markdown import render_markdown
from seafarers_home.screening.training import all_lessons
from seafarers_home.voyages.safe_home import page

# What the shipped content uses; a new construct in a content file is a deliberate change.
CONTENT_TAGS = {"h2", "p", "ul", "ol", "li", "strong"}


def test_it_renders_headings_lists_bold_and_paragraphs():
    html = render_markdown("## 睡眠 **要紧**\n- 一\n- 二\n\n1. 先\n2. 后\n\n一段\n话")
    assert html == (
        "<h2>睡眠 <strong>要紧</strong></h2>\n<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n"
        "<ol>\n<li>先</li>\n<li>后</li>\n</ol>\n<p>一段\n话</p>"
    )


def test_it_shows_raw_html_as_text():
    html = render_markdown('<script>alert(1)</script>\n\n点 <img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "file:///etc"]
)
def test_it_keeps_unsafe_links_as_text(url):
    html = render_markdown(f"[点这里]({url})")
    assert "<a" not in html and "href" not in html


def test_it_keeps_safe_links_and_marks_external_ones_noopener():
    html = render_markdown("[热线](tel:12356) [课程](/screening/training/) [外部](https://x.org/)")
    assert '<a href="tel:12356">热线</a>' in html
    assert '<a href="/screening/training/">课程</a>' in html
    assert '<a href="https://x.org/" rel="noopener noreferrer">外部</a>' in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_shipped_content_keeps_its_plain_structure(language):
    with translation.override(language):
        pages = [lesson.html for lesson in all_lessons()]
        pages += [page("plan").html, page("family").html]
    for html in pages:
        assert set(re.findall(r"<(\w+)", html)) <= CONTENT_TAGS
        assert "{" not in html  # the safe-home numbers were filled in
