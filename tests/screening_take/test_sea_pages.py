"""Every 心理CT page a seafarer sees is one HTML request plus static files the browser keeps
(issue 20 item 6): nothing else is fetched (no chart image, no font, no other host), and every
static file is a hashed name that WhiteNoise serves as cacheable for a year or more and
immutable, so that after the first visit the browser never asks for it again."""

from __future__ import annotations

import re

from django.test import Client

from seafarers_home.screening.actions import (
    do_complete_screening,
    do_start_screening,
    do_submit_response,
)
from seafarers_home.screening.models import Battery
from tests.personas import World
from tests.screening_take.conftest import answers_for

FETCHED = re.compile(
    r"<(?:link|script|img|iframe|source|audio|video|object|embed)\b[^>]*?\b(?:href|src|data)="
    r'"([^"]+)"'
)
HASHED_STATIC = re.compile(r"^/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js)$")
ONE_YEAR = 365 * 24 * 3600


def _screening_pages(world: World, batteries: dict[str, Battery]) -> list[str]:
    seafarer = world.persona("seafarer")
    done = do_start_screening(seafarer, batteries["at-sea-pulse"])
    for code in done.instrument_codes:
        answers = {k: int(v) for k, v in answers_for(code, 1).items()}
        do_submit_response(seafarer, code, answers, screening=done)
    do_complete_screening(done)
    ongoing = do_start_screening(seafarer, batteries["pre-departure"])
    return [
        "/screening/",
        f"/screening/{ongoing.pk}/phq9/",
        f"/screening/{done.pk}/result/",
        "/screening/history/",
        "/screening/training/",
        "/screening/training/breathe/",
    ]


def test_each_page_asks_only_for_hashed_static_files_cached_for_a_year(
    seafarer_client: Client, world: World, batteries: dict[str, Battery]
) -> None:
    seen: set[str] = set()
    for url in _screening_pages(world, batteries):
        page = seafarer_client.get(url)
        assert page.status_code == 200, url
        for ref in FETCHED.findall(page.content.decode()):
            if ref.startswith("data:"):
                continue  # inline (the empty favicon): no request
            if ref == "/manifest.webmanifest":
                # The installable app's manifest: read by the browser once, cached for a day.
                assert "max-age=86400" in seafarer_client.get(ref)["Cache-Control"]
                continue
            assert HASHED_STATIC.match(ref), (url, ref)
            seen.add(ref)
    assert any(ref.endswith(".css") for ref in seen)
    for ref in sorted(seen):
        reply = seafarer_client.get(ref)
        assert reply.status_code == 200, ref
        cache = reply["Cache-Control"]
        max_age = re.search(r"max-age=(\d+)", cache)
        assert max_age and int(max_age.group(1)) >= ONE_YEAR, (ref, cache)
        assert "immutable" in cache and "public" in cache, (ref, cache)
