"""The union's aggregate report over 1,000,000 stored responses, on PostgreSQL.

Builds a scratch database next to the one DATABASE_URL names (dropped afterwards), then:
40 companies, 50,000 seafarers with profiles (bulk_create), 250,000 completed screenings and
1,000,000 responses (4 instruments each: the pre-departure battery, each carrying its
seafarer's company as ``do_submit_response`` records it) with INSERT ... SELECT
generate_series; the answers column holds one fixed ciphertext (the report never reads it).
Bands are spread by modulo over each instrument's bands. Then it times
``screening.aggregates.union_band_report()`` — band counts per instrument per company with
small-cell suppression — cold and warm, and ``company_band_report`` for one company.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
           .venv/bin/python bench/screening_aggregate.py [--responses 1000000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, scratch_name, scratch_postgres, setup_django

CODES = ["phq9", "gad7", "who5", "auditc"]
COMPANIES = 40
SEAFARERS = 50_000


def build(responses: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from seafarers_home.accounts.models import User
    from seafarers_home.core.crypto import EncryptedTextField  # noqa: F401 - the column type
    from seafarers_home.organisations.models import Organisation, SeafarerProfile
    from seafarers_home.screening.instruments import get_instrument
    from seafarers_home.screening.models import Response, Screening

    started = time.perf_counter()
    companies = Organisation.objects.bulk_create(
        Organisation(name=f"公司{i}", code=f"bench-co-{i}", kind=Organisation.Kind.COMPANY)
        for i in range(COMPANIES)
    )
    users = User.objects.bulk_create(
        # "!" is Django's unusable password.
        (User(phone=f"137{i:08d}", password="!") for i in range(SEAFARERS)),  # noqa: S106
        batch_size=5000,
    )
    SeafarerProfile.objects.bulk_create(
        (
            SeafarerProfile(user=u, real_name=f"海员{n}", company=companies[n % COMPANIES])
            for n, u in enumerate(users)
        ),
        batch_size=5000,
    )
    first_user = users[0].pk
    company_ids = [c.pk for c in companies]
    screenings = responses // len(CODES)
    now = timezone.now()
    ciphertext = Response._meta.get_field("answers").get_prep_value('{"fixed": 0}')
    # Table names come from our own models, never from input.
    s_table, r_table = Screening._meta.db_table, Response._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"""INSERT INTO {s_table} (created_at, updated_at, seafarer_id, instrument_codes,
                    status, completed_at, risk_level)
                SELECT %s, %s, %s + (g %% %s), %s::jsonb, 'completed', %s, 'routine'
                FROM generate_series(0, %s - 1) AS g""",  # noqa: S608
            [now, now, first_user, SEAFARERS, '["phq9","gad7","who5","auditc"]', now, screenings],
        )
        cur.execute(f"SELECT min(id) FROM {s_table}")  # noqa: S608
        first_screening = cur.fetchone()[0]
        for n, code in enumerate(CODES):
            instrument = get_instrument(code)
            bands = [b.code for b in instrument.bands]
            cur.execute(
                f"""INSERT INTO {r_table} (created_at, updated_at, screening_id, seafarer_id,
                        instrument_code, instrument_version, answers, total_score, band,
                        safety_positive, risk_level, idempotency_key, payload_hash, company_id)
                    SELECT %s, %s, %s + g, %s + (g %% %s), %s, %s, %s, 0,
                        (%s::text[])[1 + ((g * 7 + %s) %% %s)], false, 'routine', '', '',
                        (%s::bigint[])[1 + ((g %% %s) %% %s)]
                    FROM generate_series(0, %s - 1) AS g""",  # noqa: S608
                [
                    now,
                    now,
                    first_screening,
                    first_user,
                    SEAFARERS,
                    code,
                    instrument.version,
                    ciphertext,
                    bands,
                    n,
                    len(bands),
                    # The seafarer's company as do_submit_response records it.
                    company_ids,
                    SEAFARERS,
                    COMPANIES,
                    screenings,
                ],
            )
        cur.execute(f"ANALYZE {s_table}")
        cur.execute(f"ANALYZE {r_table}")
        cur.execute("ANALYZE organisations_seafarerprofile")
        cur.execute("ANALYZE accounts_user")
    count = Response.objects.count()
    print(f"built {count:,} responses in {time.perf_counter() - started:.1f} s")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


def time_it(label: str, fn, repeat: int = 5) -> None:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    print(
        f"{label}: first {runs[0]:.3f} s, median {statistics.median(runs):.3f} s, "
        f"min {min(runs):.3f} s over {repeat} runs ({len(result)} groups)"
    )


def child(responses: int, explain: bool = False, extra_companies: int = 0) -> None:
    setup_django()
    from seafarers_home.organisations.models import Organisation

    build(responses)
    from django.db import connection

    from seafarers_home.screening.aggregates import company_band_report, union_band_report
    from seafarers_home.screening.band_counts import (
        raw_band_counts,
        rebuild_band_counts,
        stored_band_counts,
    )

    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "|", load())
    # The rows were inserted in bulk, not through do_complete_screening: build the counts as
    # migration screening.0004 does on an existing database.
    started = time.perf_counter()
    rows = rebuild_band_counts()
    print(f"rebuild_band_counts(): {rows} count rows in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cur:
        cur.execute("ANALYZE screening_bandcount")
    time_it("before: GROUP BY over every response (raw_band_counts)", raw_band_counts, repeat=3)
    assert stored_band_counts() == raw_band_counts()
    time_it("union_band_report() from the counts", union_band_report)
    if explain:
        from django.db import connection

        from seafarers_home.screening.aggregates import union_band_queryset

        sql, params = union_band_queryset().query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            print("\n".join(row[0] for row in cur.fetchall()))
    company = Organisation.objects.filter(code="bench-co-0").get()
    time_it("company_band_report(one company)", lambda: company_band_report(company))
    if extra_companies:
        _country_scale(extra_companies)


def _country_scale(companies: int) -> None:
    """The counts grow with companies × instruments × bands, not with responses: add the
    count rows of ``companies`` more companies (as a country's union would have) and time
    the union report again."""
    from seafarers_home.organisations.models import Organisation
    from seafarers_home.screening.aggregates import union_band_report
    from seafarers_home.screening.models import BandCount

    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"全国企业{i}", code=f"country-co-{i}", kind="company")
        for i in range(companies)
    )
    bands = {"phq9": 5, "gad7": 4, "who5": 3, "auditc": 2, "phq4": 4, "k10": 4}
    BandCount.objects.bulk_create(
        (
            BandCount(company=org, instrument_code=code, band=f"b{band}", n=(i + band) % 40)
            for i, org in enumerate(orgs)
            for code, n_bands in bands.items()
            for band in range(n_bands)
        ),
        batch_size=5000,
    )
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE screening_bandcount")
    rows = BandCount.objects.count()
    time_it(
        f"union_band_report() with {companies + 40} companies ({rows} count rows)",
        union_band_report,
    )
    # What the union's page does now (screening/band_report.py): one page of companies.
    from seafarers_home.screening.band_report import union_report_page

    pages = union_report_page(1, Organisation.objects)[0].paginator.num_pages
    for number in (1, pages // 2, pages):
        time_it(
            f"union_report_page({number}) of {pages}",
            lambda n=number: union_report_page(n, Organisation.objects)[1],
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--explain", action="store_true", help="print the report's query plan")
    parser.add_argument(
        "--companies-after",
        type=int,
        default=0,
        help="then add count rows for this many more companies and time the report again",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.responses, args.explain, args.companies_after)
        return 0
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("Set DATABASE_URL=postgres://... : this benchmark runs on PostgreSQL only.")
        return 1
    with scratch_postgres(url, scratch_name("bench_s1_aggregate")) as scratch:
        extra = ["--explain"] if args.explain else []
        extra += ["--companies-after", str(args.companies_after)]
        script = Path(__file__).resolve()
        return run_child(script, ["--responses", str(args.responses), *extra], scratch)


if __name__ == "__main__":
    sys.exit(main())
