"""Words seafarers use for the same worry, so that a search in their own words finds an answer
written in others' (失眠 finds an answer that says 睡不着 or 睡眠; 头痛 one that says 头疼).

Applied when an entry is indexed: an entry that says any phrase of a group is also indexed
under each two-character word of the group, with the same weight. Longer phrases only
recognise the worry (入睡困难): indexing their pieces would add everyday words (困难, 家人) and
make a one-word search find what it never asked for. A phrase is chosen so that it cannot be
part of another word (not 紧张, which 淡水紧张 holds; not 早醒, which 一早醒来 holds). Queries
stay as typed (every term must match), so the groups widen what an entry answers, never what a
query asks. Changing the groups needs ``manage.py reindex_knowledge`` once.
"""

from __future__ import annotations

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("失眠", "睡眠", "睡不着", "睡不好", "入睡困难"),
    ("焦虑", "心慌"),
    ("想家", "思乡", "想念家人"),
    ("晕船", "晕浪"),
    ("抑郁", "情绪低落", "心情低落"),
    ("头疼", "头痛"),
    ("喝酒", "饮酒", "酗酒"),
    ("孤独", "寂寞", "孤单"),
    ("易怒", "烦躁", "暴躁", "发脾气"),
)
