"""普法: the library of short articles on seafarers' rights (issue 11 item 9).

Articles are content files, ``rights/articles/<order>-<slug>.<language>.md`` (zh-hans
required, en optional), like the self-care lessons: the first line the title, the second a
note (the legal review mark and the reading time), the rest Markdown rendered by
``lib/markdown``. Every article cites each law by name and article, and is marked for the
union legal adviser's review until signed off.

Search uses the message board's Chinese tokeniser (``inquiries.search``: character bigrams of
CJK runs, Latin words) over the few articles held in memory: every query term must occur;
title terms weigh more."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.safestring import SafeString

from seafarers_home.inquiries.search import document_terms, query_terms
from seafarers_home.lib.markdown import render_markdown
from seafarers_home.rights.categories import english

ARTICLE_DIR = Path(__file__).resolve().parent / "articles"
FILE_RE = re.compile(r"\A(?P<order>\d+)-(?P<slug>[a-z0-9-]+)\.(?P<lang>zh-hans|en)\.md\Z")
TITLE_WEIGHT = 5


@dataclass(frozen=True, eq=False)  # hashed by identity: ``weights`` is cached per article
class Article:
    slug: str
    order: int
    texts: dict[str, tuple[str, str, str]]  # language → (title, note, markdown body)

    def _text(self) -> tuple[str, str, str]:
        return self.texts["en" if english() and "en" in self.texts else "zh-hans"]

    @property
    def title(self) -> str:
        return self._text()[0]

    @property
    def note(self) -> str:
        return self._text()[1]

    @property
    def html(self) -> SafeString:
        return render_markdown(self._text()[2])

    @cache  # noqa: B019 - a handful of articles, read once per process
    def weights(self) -> Counter[str]:
        found: Counter[str] = Counter()
        for title, _note, body in self.texts.values():
            found.update(document_terms(body))
            for _ in range(TITLE_WEIGHT):
                found.update(document_terms(title))
        return found


@cache
def all_articles() -> tuple[Article, ...]:
    found: dict[str, dict] = {}
    for path in sorted(ARTICLE_DIR.glob("*.md")):
        match = FILE_RE.match(path.name)
        if not match:
            continue
        entry = found.setdefault(match["slug"], {"order": int(match["order"]), "texts": {}})
        lines = path.read_text(encoding="utf-8").splitlines()
        title = lines[0].removeprefix("# ").strip()
        note = lines[1].strip() if len(lines) > 1 else ""
        entry["texts"][match["lang"]] = (title, note, "\n".join(lines[2:]))
    articles = (
        Article(slug, e["order"], e["texts"])
        for slug, e in found.items()
        if "zh-hans" in e["texts"]
    )
    return tuple(sorted(articles, key=lambda a: a.order))


def get_article(slug: str) -> Article | None:
    return next((a for a in all_articles() if a.slug == slug), None)


def search_articles(query: str) -> list[Article]:
    """The articles holding every term of ``query``, best first."""
    terms = query_terms(query)
    if not terms:
        return []
    scored = []
    for article in all_articles():
        weights = article.weights()
        if all(weights[term] for term in terms):
            scored.append((-sum(weights[term] for term in terms), article.order, article))
    return [article for *_rank, article in sorted(scored, key=lambda s: s[:2])]
