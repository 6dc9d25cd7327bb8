"""Words seafarers use for the same worry, so that a search in their own words finds an answer
written in others' (失眠 finds "睡不着", 睡不着 finds "失眠").

Applied when an entry is indexed: an entry that says any phrase of a group is also indexed
under every other phrase of it, with the same weight. Queries stay as typed (every term must
match), so the groups widen what an entry answers, never what a query asks. Kept small and
specific: a phrase belongs to one concern only, and a group never holds a single common
character. Changing the groups needs ``manage.py reindex_knowledge`` once.
"""

from __future__ import annotations

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("失眠", "睡不着", "睡不好", "睡眠", "入睡困难", "早醒"),
    ("焦虑", "紧张", "担心", "心慌", "不安"),
    ("想家", "思乡", "想念家人"),
    ("晕船", "晕浪"),
    ("抑郁", "情绪低落", "心情低落", "心情不好", "不开心"),
    ("压力大", "压力", "累垮"),
    ("头疼", "头痛"),
    ("喝酒", "饮酒", "酗酒"),
    ("孤独", "寂寞", "孤单"),
    ("发脾气", "易怒", "烦躁", "暴躁"),
)
