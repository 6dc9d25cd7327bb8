"""Knowledge-base search latency over 100,000 published entries, SQLite and PostgreSQL.

Builds a scratch database per engine (a temporary SQLite file; with DATABASE_URL, a PostgreSQL
database ``bench_kb_*`` created next to the one it names and dropped afterwards), fills it
with synthetic published entries — Chinese question/answer texts composed from a vocabulary
of seafarers' health phrases, a few English words — and their index rows exactly as
``inquiries.search.index_entry`` computes them (bulk-loaded; on PostgreSQL with COPY, the
unique (term, entry) index dropped for the load and rebuilt), ANALYZEs, then times
``search_knowledge()`` (the function the API and 4A's ask page call) and the list page's work
(count + first page) for a few queries. ``--explain`` prints the query plan of one search.

Usage: .venv/bin/python bench/inquiry_search.py [--entries 100000] [--runs 15]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/...
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django

CATEGORIES = {
    "physical": [
        "出海第三天开始晕船很厉害",
        "一直想吐吃不下饭",
        "腰疼得直不起来",
        "膝盖上楼梯的时候疼",
        "手指被缆绳夹伤了",
        "皮肤起了很多红疹子很痒",
        "牙疼得晚上睡不着",
        "耳朵里一直嗡嗡响",
        "眼睛干涩发红",
        "胃里反酸烧心",
        "拉肚子两天了",
        "发烧三十八度五",
        "头疼头晕站不稳",
        "手上的伤口化脓了",
    ],
    "mental": [
        "晚上总是失眠多梦",
        "想家想得心里难受",
        "和同事闹矛盾心情很差",
        "整天提不起精神",
        "总是担心家里的事情",
        "一个人的时候很孤独",
        "脾气变得很暴躁",
        "下船以后还是睡不好",
    ],
    "prevention": [
        "去疟疾流行的港口要注意什么",
        "船上有人得了流感",
        "怎样预防中暑",
        "要不要打破伤风疫苗",
        "怎样预防皮肤病",
        "蚊子很多怎么防",
    ],
    "medication": [
        "晕海宁一次吃几片",
        "布洛芬能不能空腹吃",
        "降压药忘了带上船",
        "抗生素吃了三天可以停吗",
        "药箱里的药过期了还能吃吗",
        "vitamin C 每天吃多少",
    ],
    "diet": [
        "船上蔬菜少怎么补维生素",
        "天天吃咸鱼会不会高血压",
        "想减肥船上怎么吃",
        "喝咖啡会不会影响睡眠",
        "痛风能不能吃海鲜",
        "吃什么对胃好",
    ],
    "other": [
        "下船以后怎么体检",
        "健康证过期了怎么办",
        "长期坐着值班腿肿",
        "噪音大会不会伤耳朵",
    ],
}
ASIDES = [
    "船上药箱只有常用药",
    "现在在海上离港口还有十天",
    "以前没有这种情况",
    "不知道要不要紧",
    "请问医生该怎么办",
    "白天还要值班",
    "已经持续一周了",
]
ADVICE = [
    "先好好休息多喝水",
    "少量多次吃清淡的食物",
    "如果症状加重请马上告诉船长",
    "由船长联系无线电医疗咨询",
    "按说明书的剂量服药不要超量",
    "保持规律作息晚上按时睡觉",
    "可以和信任的同事或家人聊一聊",
    "靠港以后到医院做进一步检查",
    "注意伤口清洁每天换药",
    "避免油腻辛辣和酒",
    "适当活动拉伸腰背",
    "做几次深呼吸放松",
]
QUERIES = [
    ("晕船", "one common word"),
    ("晕船 吃不下饭", "two words (AND)"),
    ("失眠多梦", "a 4-character word"),
    ("牙", "one character"),
    ("vitamin", "an English word"),
    ("海上 布洛芬 空腹", "three words"),
    ("一直嗡嗡响", "a mid-sentence phrase"),
    ("怎么办", "a very common phrase"),
    ("潜水减压病", "no match"),
]


def _entry_texts(rng: random.Random, n: int) -> tuple[str, str, str, str]:
    category = rng.choice(list(CATEGORIES))
    pool = CATEGORIES[category]
    title = rng.choice(pool) + rng.choice(["怎么办", "", "?", "正常吗"])
    question = ",".join([*rng.sample(pool, min(2, len(pool))), rng.choice(ASIDES), f"第{n % 97}次"])
    answer = ",".join(rng.sample(ADVICE, 4)) + "。"
    return category, title[:80], question, answer


def _load(entries: int, publisher_id: int) -> tuple[float, int]:

    from django.db import connection, transaction
    from django.utils import timezone

    from seafarers_home.inquiries.models import KnowledgeEntry
    from seafarers_home.inquiries.search import entry_term_weights

    rng = random.Random(1)
    now = timezone.now()
    started = time.perf_counter()
    vendor = connection.vendor
    table = "inquiries_knowledgeterm"
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql":  # SQLite keeps it inside CREATE TABLE: not droppable
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT unique_knowledge_term")
            cursor.execute("DROP INDEX IF EXISTS knowledge_term_cover")
            # No per-row foreign-key trigger for millions of rows: they hold by construction.
            cursor.execute("SET session_replication_role = replica")
        else:
            # Random inserts into the (term, entry) index: keep the whole B-tree in memory.
            cursor.execute("PRAGMA cache_size = -2000000")
        batch: list[KnowledgeEntry] = []
        terms: list[tuple[int, str, int]] = []

        def flush() -> None:
            nonlocal rows
            KnowledgeEntry.objects.bulk_create(batch)
            if vendor == "postgresql":
                buffer = io.StringIO("".join(f"{e}\t{t}\t{w}\n" for e, t, w in terms))
                with cursor.cursor.copy(
                    f"COPY {table} (entry_id, term, weight) FROM STDIN"
                ) as copy:
                    copy.write(buffer.getvalue())
            else:
                cursor.executemany(
                    "INSERT INTO inquiries_knowledgeterm (entry_id, term, weight) "
                    "VALUES (%s, %s, %s)",
                    terms,
                )
            rows += len(terms)
            batch.clear()
            terms.clear()

        for n in range(1, entries + 1):
            category, title, question, answer = _entry_texts(rng, n)
            batch.append(
                KnowledgeEntry(
                    id=n,
                    category=category,
                    title=title,
                    question_text=question,
                    answer_text=answer,
                    published_by_id=publisher_id,
                    published_at=now - timedelta(minutes=n),
                    created_at=now,
                    updated_at=now,
                )
            )
            # Exactly as index_entry computes them (the synonym groups included).
            weights = entry_term_weights(batch[-1])
            terms.extend((n, term, weight) for term, weight in weights.items())
            if len(batch) == 5000:
                flush()
        if batch:
            flush()
        if vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT unique_knowledge_term UNIQUE (term, entry_id)"
            )
            # The covering index of issue 20 (migration inquiries.0004), rebuilt after the load.
            cursor.execute(f"CREATE INDEX knowledge_term_cover ON {table} (term, entry_id, weight)")
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                ["inquiries_knowledgeentry", entries],
            )
    with connection.cursor() as cursor:
        # VACUUM sets the visibility map, without which PostgreSQL cannot use an index-only
        # scan (autovacuum does the same on a live database some time after a bulk load).
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - started, rows


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


def _time(fn, runs: int) -> tuple[float, float, object]:
    result = fn()  # warm-up (and the figure for "first")
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, result


def child(entries: int, runs: int, explain: bool) -> None:
    setup_django()
    from django.db import connection

    from seafarers_home.accounts.models import User
    from seafarers_home.inquiries.models import KnowledgeEntry, KnowledgeTerm
    from seafarers_home.inquiries.search import (
        search_knowledge,
        search_queryset,
        similar_knowledge,
    )
    from seafarers_home.inquiries.views_knowledge import COUNT_CAP

    if KnowledgeEntry.objects.count() == entries:  # --keep: the database is loaded already
        seconds, rows = 0.0, KnowledgeTerm.objects.count()
    else:
        publisher = User.objects.create_user("13900009999", "x", display_name="bench")
        seconds, rows = _load(entries, publisher.pk)
    print(
        f"\n{connection.vendor}: {entries:,} published entries, {rows:,} index rows "
        f"({rows / entries:.0f} per entry), built in {seconds:.0f} s; {load()}"
    )
    print(f"  {'query':<22}{'kind':<24}{'matches':>8}  {'search ms':>16}  {'page ms':>16}")
    print(f"  {'':<22}{'':<24}{'':>8}  {'median / p95':>16}  {'median / p95':>16}")
    for query, kind in QUERIES:
        med, p95, _ = _time(lambda q=query: search_knowledge(q, limit=20), runs)

        def page(q: str = query) -> int:
            # As the list page: the count capped at COUNT_CAP ("more than 1000"), then page 1.
            rows = search_queryset(q, count_cap=COUNT_CAP)
            count = rows.count()
            list(rows[:20])
            return count

        pmed, pp95, count = _time(page, runs)
        print(
            f"  {query:<22}{kind:<24}{count:>8}  {med * 1000:7.1f} / {p95 * 1000:6.1f}"
            f"  {pmed * 1000:7.1f} / {pp95 * 1000:6.1f}"
        )
    med, p95, _ = _time(lambda: search_knowledge("晕船", category="physical"), runs)
    print(f"  晕船 in category physical: {med * 1000:.1f} / {p95 * 1000:.1f} ms")
    similar = [
        _time(lambda t=text: similar_knowledge(t), runs)[0]
        for text in ("出海第三天开始晕船很厉害怎么办", "晚上总是失眠多梦,整天提不起精神怎么办")
    ]
    print(f"  suggestions (similar_knowledge, two questions): {max(similar) * 1000:.1f} ms median")
    print(f"  {load()}")
    if explain:
        from seafarers_home.inquiries.search import query_terms
        from seafarers_home.inquiries.search_ranked import _matched_sql

        sql, params = _matched_sql("inquiries_knowledgeterm", query_terms("怎么办"), 2)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ANALYZE {sql} ORDER BY score DESC LIMIT 80", params)
            print("\n".join(row[0] for row in cursor.fetchall()))


def _kept_database(url: str, name: str) -> str:
    """The URL of database ``name`` next to ``url``'s, created when missing (never dropped)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--explain", action="store_true", help="print a query plan")
    parser.add_argument(
        "--keep", metavar="NAME", help="PostgreSQL database NAME kept (and reused when loaded)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.entries, args.runs, args.explain)
        return 0
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    script = Path(__file__).resolve()
    child_args = ["--entries", str(args.entries), "--runs", str(args.runs)]
    child_args += ["--explain"] if args.explain else []
    status = 0 if args.skip_sqlite else run_child(script, child_args, None)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres") and args.keep:
        status = run_child(script, child_args, _kept_database(url, args.keep)) or status
    elif url.startswith("postgres"):
        with scratch_postgres(url, scratch_name("bench_kb")) as scratch:
            status = run_child(script, child_args, scratch) or status
    else:
        print("\n(PostgreSQL skipped: set DATABASE_URL=postgres://… to run it too)")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
