"""Chinese + English full-text search of the knowledge base, the same on SQLite and PostgreSQL.

Chinese has no spaces between words, so there is nothing to split on: the index is one row per
distinct *term* of an entry (``KnowledgeTerm``), where a term is

* an overlapping character bigram of a run of CJK characters (晕船很厉害 → 晕船 船很 很厉 厉害),
* a single CJK character (晕 船 很 厉 害): only queried when the query is one character (药, 痛),
  which is common in Chinese and must use the index like any other term,
* a Latin/digit word, lower-cased (Vitamin C → vitamin, c).

Text is normalised first (NFKC: full-width Ｂ１２ → b12, compatibility ideographs → unified;
then case-folded). A query is tokenised the same way and *every* query term must occur in an
entry (AND): query runs of two or more CJK characters give their bigrams, a lone CJK character
itself, Latin words themselves. A word inside a sentence is found because its bigrams are
bigrams of the sentence: 晕船 occurs in 出海第三天开始晕船很厉害怎么办. (A bigram index has false
positives only when all of a query's bigrams occur, but apart: 晕船药 in "…晕船…船药…" — rare,
and harmless for a help library.)

Ranking: the summed weight of the matched terms (occurrences; title occurrences count
``TITLE_WEIGHT`` times), then the newest first. One SQL statement on both engines:
``WHERE term IN (...) GROUP BY entry HAVING COUNT(term) = n`` (a term occurs once per entry:
the (term, entry) unique constraint, so no ``DISTINCT``, which forced a sort per group),
reading the covering index (term, entry, weight) — on PostgreSQL an index-only scan, without
a heap page per matching row; only the best candidates are then joined to their entries
(``search_ranked``: exact top-k without joining every match).

Public and unauthenticated: the list page and the ask page's suggestions are rate-limited per
client (``search_limits``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Count, QuerySet, Sum

from seafarers_home.inquiries.models import Category, KnowledgeEntry, KnowledgeTerm
from seafarers_home.inquiries.search_ranked import RankedMatches
from seafarers_home.inquiries.synonyms import SYNONYM_GROUPS

TITLE_WEIGHT = 5
TERM_MAX_LENGTH = 40  # KnowledgeTerm.term
MAX_QUERY_TERMS = 32  # a longer query is cut: the first 32 terms are plenty to narrow it down
MAX_QUERY_LENGTH = 200  # characters looked at

# CJK ideographs (+ extension A, compatibility, extensions B–F) and Japanese kana: no spaces.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_TOKEN = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def _runs(text: str) -> Iterable[tuple[bool, str]]:
    """(is_cjk, run) for each CJK run and each Latin/digit word of the normalised text."""
    for match in _TOKEN.finditer(normalise(text)):
        cjk, word = match.groups()
        if cjk:
            yield True, cjk
        else:
            yield False, word[:TERM_MAX_LENGTH]


def document_terms(text: str) -> list[str]:
    """Every term occurrence of a text to index (repeats kept: they are the weight)."""
    terms: list[str] = []
    for is_cjk, run in _runs(text):
        if is_cjk:
            terms.extend(run[i : i + 2] for i in range(len(run) - 1))
            terms.extend(run)
        else:
            terms.append(run)
    return terms


def query_terms(query: str) -> list[str]:
    """The distinct terms a query asks for, in order: the bigrams of each CJK run of two or
    more characters, a lone CJK character itself, each Latin/digit word. A lone character that
    also occurs in another query term adds nothing (that term implies it) and is dropped."""
    terms: list[str] = []
    singles: list[str] = []
    for is_cjk, run in _runs((query or "")[:MAX_QUERY_LENGTH]):
        if is_cjk and len(run) == 1:
            singles.append(run)
        elif is_cjk:
            terms.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            terms.append(run)
    covered = "".join(terms)
    terms.extend(c for c in singles if c not in covered)
    return list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]


def entry_term_weights(entry: KnowledgeEntry) -> Counter[str]:
    weights: Counter[str] = Counter(document_terms(entry.question_text))
    weights.update(document_terms(entry.answer_text))
    for term, count in Counter(document_terms(entry.title)).items():
        weights[term] += TITLE_WEIGHT * count
    _add_synonyms(weights, entry)
    return weights


def _add_synonyms(weights: Counter[str], entry: KnowledgeEntry) -> None:
    """Index the entry under the two-character words of each synonym group it mentions,
    weighted as often as the group's phrases occur (title occurrences count as above); a term
    the entry has in its own words keeps its own weight."""
    body = normalise(f"{entry.question_text}\n{entry.answer_text}")
    title = normalise(entry.title)
    for group in SYNONYM_GROUPS:
        said = sum(body.count(p) + TITLE_WEIGHT * title.count(p) for p in group)
        if not said:
            continue
        for phrase in group:
            if len(phrase) == 2:  # a word of its own; longer phrases only recognise the worry
                weights.setdefault(phrase, said)


def index_entry(entry: KnowledgeEntry) -> int:
    """Rebuild the entry's index rows from its current texts; returns how many terms."""
    weights = entry_term_weights(entry)
    with transaction.atomic():
        KnowledgeTerm.objects.filter(entry=entry).delete()
        KnowledgeTerm.objects.bulk_create(
            [KnowledgeTerm(entry=entry, term=term, weight=w) for term, w in weights.items()],
            batch_size=500,
        )
    return len(weights)


def published_entries() -> QuerySet[KnowledgeEntry]:
    """What the public sees: published entries, never one whose author (still on file) has not
    allowed publishing."""
    return KnowledgeEntry.objects.filter(is_published=True).exclude(question__allow_publish=False)


def _matching_terms(terms: list[str], category: str) -> QuerySet[KnowledgeTerm]:
    rows = KnowledgeTerm.objects.filter(term__in=terms, entry__is_published=True)
    # Never an entry whose author (still on file) has not allowed publishing.
    rows = rows.exclude(entry__question__allow_publish=False)
    if category in Category.values:
        rows = rows.filter(entry__category=category)
    return rows


def _ranked_rows(terms: list[str], category: str, min_hits: int) -> QuerySet:
    """Every match, ranked, in one query joining each to its entry: the exact count, and the
    fallback of ``RankedMatches`` (see search_ranked)."""
    return (
        _matching_terms(terms, category)
        .values("entry_id")
        .annotate(hits=Count("term"), score=Sum("weight"))
        .filter(hits__gte=min_hits)
        .order_by("-hits", "-score", "-entry__published_at", "-entry_id")
        .values("entry_id", "score")
    )


def _visible(category: str) -> Callable[[list[int]], QuerySet]:
    def visible(ids: list[int]) -> QuerySet:
        entries = published_entries().filter(pk__in=ids)
        return entries.filter(category=category) if category in Category.values else entries

    return visible


def search_queryset(
    query: str, *, category: str = "", count_cap: int | None = None
) -> RankedMatches:
    """The ranked matches as ``{"entry_id", "score"}`` rows (paginate it, or slice it); empty
    when the query has no searchable term. With ``count_cap``, ``count()`` stops at it (and
    sets ``capped``): the list page's "more than N" instead of counting every match."""
    terms = query_terms(query)
    return RankedMatches(
        terms,
        len(terms),
        _visible(category),
        lambda: _ranked_rows(terms, category, len(terms)),
        count_cap=count_cap,
    )


def entries_for(rows: Iterable[dict]) -> list[KnowledgeEntry]:
    """The entries of ``search_queryset`` rows, in the rows' order."""
    ids = [row["entry_id"] for row in rows]
    by_id = KnowledgeEntry.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def search_knowledge(query: str, *, category: str = "", limit: int = 20) -> list[KnowledgeEntry]:
    """Published entries containing every term of ``query`` (AND), best first; [] for a query
    without letters, digits or Chinese characters."""
    return entries_for(search_queryset(query, category=category)[: max(limit, 0)])


def similar_knowledge(text: str, *, category: str = "", limit: int = 5) -> list[KnowledgeEntry]:
    """Entries sharing most of the terms of a longer text (a question being written): unlike
    ``search_knowledge`` not every term must match, at least half of them (and 2, where the
    text has 2). Ranked by how many terms matched, then weight, then recency."""
    terms = query_terms(text)
    if not terms:
        return []
    needed = min(len(terms), max(2, math.ceil(len(terms) / 2)))
    matches = RankedMatches(
        terms, needed, _visible(category), lambda: _ranked_rows(terms, category, needed)
    )
    return entries_for(matches[: max(limit, 0)])
