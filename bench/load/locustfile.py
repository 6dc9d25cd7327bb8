"""The load test's mix of people (issue 20 item 8), for Locust (dev extra).

Run by ``bench/load_test.py``, which prepares a server with the demo data and sets the rates;
against a running demo site by hand:

    LOAD_SUBMISSIONS=20 .venv/bin/locust -f bench/load/locustfile.py --headless \\
        -H http://127.0.0.1:8000 -u 1000 -r 100 -t 60s

Who (``LOAD_SUBMISSIONS`` = S, the submissions per second the mix is built around; a
submission is a POST of a form that writes):

- seafarers taking the at-sea pulse 心理CT through the real pages: the start page, "start"
  (a submission), the PHQ-4 page, its answers (a submission), the WHO-5 page, its answers (a
  submission, which completes the screening), the result — 80 % of S;
- seafarers asking the message board a routine question: the ask page, then the form with the
  page's CSRF token and idempotency key — 20 % of S;
- seafarers reading: the start page, their screening history, their questions, the inbox, the
  knowledge base searched for a common word — ``LOAD_READS`` page views per second (default
  20, whatever S: the background the submissions arrive on);
- clinicians working their queues: the message-board queue and a question in it, the screening
  review queue and a screening in it — ``LOAD_CLINICIAN_ROUNDS`` rounds per second (default 2);
- hotline callers waiting in the queue, their page refreshed every 8 s as the page itself asks
  (``LOAD_HOTLINE_CALLERS``, default 20);
- idle WebSocket clients are a separate process (``bench/load/idle_sockets.py``).

Each kind of person is a Locust user class with a fixed number of users, each starting its
rounds on a fixed schedule from a random phase (``on_schedule``), so arrivals per second stay
fixed and evenly spread as long as a user's round takes less than its interval (a user is a
closed loop: past that it falls behind, and ``load_test.py`` reports the rate actually
achieved next to the target).

Every request's kind, status and time go to ``LOAD_RECORD`` (JSON lines) for the report; the
demo accounts sign in once each through the real login form (staff with the TOTP step) before
the users start (``load_test.py`` does it once per server and passes ``LOAD_SESSIONS``), and
the users share those sessions.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import threading
import time
import urllib.parse
from typing import Any

import gevent
from locust import FastHttpUser, LoadTestShape, events, task

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from accounts import CLINICIANS, LOAD_SEAFARERS, sign_everyone_in
from pages import CATEGORY, KEY, OPTION, QUESTIONNAIRE, RADIO, REPLACES, REVIEW, THREAD, TOKEN

SEARCH_WORDS = ["睡眠", "晕船", "焦虑", "失眠", "压力", "想家"]
QUESTIONS = [
    ("最近睡不好", "最近值夜班以后总是睡不着,白天没精神,请问怎么调整作息比较好?"),
    ("想家怎么办", "出海三个多月了,越来越想家,跟家里视频以后心情更低落,这正常吗?"),
    ("工作压力大", "最近检修任务多,经常加班,感觉压力很大,有什么放松的方法吗?"),
]

SUBMISSIONS = float(os.environ.get("LOAD_SUBMISSIONS", "20"))
HOTLINE_CALLERS = int(os.environ.get("LOAD_HOTLINE_CALLERS", "20"))
READS = float(os.environ.get("LOAD_READS", "20"))
CLINICIAN_ROUNDS = float(os.environ.get("LOAD_CLINICIAN_ROUNDS", "2"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
RECORD = os.environ.get("LOAD_RECORD", "")
SESSIONS_FILE = os.environ.get("LOAD_SESSIONS", "")
# Per-user throughputs: low enough that a round finishes inside its interval at a few hundred
# milliseconds per request, so the user counts set the arrival rates.
SCREENING_ROUNDS_PER_USER = 0.1  # 3 submissions per round
QUESTION_ROUNDS_PER_USER = 0.2
READS_PER_USER = 0.5
CLINICIAN_ROUNDS_PER_USER = 0.1


def on_schedule(user: Person) -> float:
    """Wait until this person's next round: rounds start every 1/rounds_per_second seconds
    from the person's first, whatever a round took (one that overran starts the next at once),
    so the arrivals of all the people together keep the fixed rate, evenly spread."""
    user.next_round += 1 / user.rounds_per_second
    return max(0.0, user.next_round - time.perf_counter())


def users_for(rate: float, per_user: float) -> int:
    return max(1, round(rate / per_user)) if rate > 0 else 0


# Sessions -----------------------------------------------------------------------------------

_sessions: dict[str, str] = {}
_records: list[tuple[float, str, str, int, float]] = []
_records_lock = threading.Lock()


@events.test_start.add_listener
def load_sessions(environment: Any, **_kwargs: Any) -> None:
    """Sessions from LOAD_SESSIONS (written by load_test.py once per server), or sign in now."""
    if SESSIONS_FILE and os.path.exists(SESSIONS_FILE):
        with open(SESSIONS_FILE, encoding="utf-8") as handle:
            _sessions.update(json.load(handle))
    else:
        _sessions.update(sign_everyone_in(environment.host.rstrip("/")))


@events.request.add_listener
def record(
    request_type: str, name: str, response_time: float, response: Any, **_kwargs: Any
) -> None:
    status = getattr(response, "status_code", 0) or 0
    kind = "submit" if request_type == "POST" else "read"
    with _records_lock:
        _records.append((time.time(), kind, name, int(status), float(response_time)))


@events.test_stop.add_listener
def write_records(**_kwargs: Any) -> None:
    if not RECORD:
        return
    with open(RECORD, "w", encoding="utf-8") as out:
        for at, kind, name, status, ms in _records:
            out.write(json.dumps([at, kind, name, status, round(ms, 1)]) + "\n")


# People -------------------------------------------------------------------------------------


_screening_accounts = itertools.count()
_shared_accounts = itertools.count()


class Person(FastHttpUser):
    abstract = True
    accounts: list[str] = LOAD_SEAFARERS
    rounds_per_second = 1.0  # this kind of person's rounds per second (on_schedule)
    next_round = 0.0

    def account(self) -> str:
        """People who only read, ask or wait share the accounts in turn (that conflicts with
        nothing: each ask form has its own key)."""
        return self.accounts[next(_shared_accounts) % len(self.accounts)]

    def on_start(self) -> None:
        self.phone = self.account()
        # Each person's rounds start on a schedule of their own (``on_schedule``), from a
        # random point of the first interval. Locust starts the users of one second all at the
        # same instant (floor(spawn rate) at a time), and constant_throughput paces from that
        # instant: the "fixed rate" arrived as bursts of 40-50 requests at once every few
        # seconds, which queued at the server's in-flight bound and were shed with 503 while
        # the machine was mostly idle (bench/README.md, 2026-12-05 evening).
        self.next_round = time.perf_counter() + random.uniform(0, 1 / self.rounds_per_second)
        gevent.sleep(max(0.0, self.next_round - time.perf_counter()))

    def get(self, path: str, name: str | None = None) -> str:
        with self.client.get(
            path,
            name=name or path,
            headers={"Cookie": _sessions[self.phone]},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return ""
            return response.text or ""

    def submit(
        self, path: str, page: str, fields: dict[str, str], name: str, *, answered: int = 302
    ) -> str | None:
        """POST a form of ``page`` with its CSRF token; the redirect's target (None: failed),
        or with ``answered=200`` the page that came back (the 心理CT answers each page's POST
        with the next page, no redirect)."""
        token = TOKEN.search(page)
        if token is None:
            return None
        data = {"csrfmiddlewaretoken": token[1], **fields}
        with self.client.post(
            path,
            name=name,
            data=urllib.parse.urlencode(data),
            headers={
                "Cookie": _sessions[self.phone],
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.host + path,
            },
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != answered:
                response.failure(f"HTTP {response.status_code}")
                return None
            if answered == 200:
                return response.text or ""
            return urllib.parse.urlsplit(response.headers.get("Location", "")).path


class ScreeningSeafarer(Person):
    """The at-sea pulse (PHQ-4, WHO-5) from the start page to the result: the start page, then
    one POST per page (each answered with the next page or the result)."""

    fixed_count = users_for(SUBMISSIONS * 0.8 / 3, SCREENING_ROUNDS_PER_USER)
    rounds_per_second = SCREENING_ROUNDS_PER_USER
    wait_time = on_schedule

    def account(self) -> str:
        """An account of one's own: two people answering from one account answer the one
        screening in progress, and the second is told (409) the page was already submitted
        — the test's conflict, not the server's. The seafarers who first had screenings
        (the fifty) come first; beyond len(accounts) people (S > 75/s) accounts are shared."""
        return self.accounts[next(_screening_accounts) % len(self.accounts)]

    @task
    def take_the_pulse(self) -> None:
        page = self.get("/screening/", name="/screening/ (start page)")
        # Each POST is answered with the next questionnaire page, the last with the result.
        shown = self.submit(
            "/screening/",
            page,
            {"battery": "at-sea-pulse"},
            name="POST /screening/ (start)",
            answered=200,
        )
        while shown:
            target, key = QUESTIONNAIRE.search(shown), KEY.search(shown)
            if target is None or key is None:
                return  # the result page
            replaces = REPLACES.search(shown)
            answers: dict[str, str] = {}
            for item, value in RADIO.findall(shown):
                if item not in answers or random.random() < 0.3:
                    answers[item] = value
            shown = self.submit(
                target[1],
                shown,
                {"key": key[1], "replaces": replaces[1] if replaces else "", **answers},
                name="POST /screening/<id>/<instrument>/",
                answered=200,
            )


class QuestionSeafarer(Person):
    """A routine question to the message board through the ask form."""

    fixed_count = users_for(SUBMISSIONS * 0.2, QUESTION_ROUNDS_PER_USER)
    rounds_per_second = QUESTION_ROUNDS_PER_USER
    wait_time = on_schedule

    @task
    def ask(self) -> None:
        page = self.get("/inquiries/ask/")
        key, select = KEY.search(page), CATEGORY.search(page)
        if key is None or select is None:
            return
        title, body = random.choice(QUESTIONS)
        fields = {
            "key": key[1],
            "category": OPTION.findall(select[1])[0],
            "title": title,
            "body": body,
            "safety_answer": "no",
        }
        target = self.submit("/inquiries/ask/", page, fields, name="POST /inquiries/ask/")
        if target:
            self.get(target, name="/inquiries/<id>/")


class ReadingSeafarer(Person):
    fixed_count = users_for(READS, READS_PER_USER)
    rounds_per_second = READS_PER_USER
    wait_time = on_schedule

    @task(3)
    def start_page(self) -> None:
        self.get("/")

    @task
    def history(self) -> None:
        self.get("/screening/history/")

    @task
    def my_questions(self) -> None:
        self.get("/inquiries/")

    @task
    def inbox(self) -> None:
        self.get("/notifications/")

    @task
    def knowledge(self) -> None:
        word = random.choice(SEARCH_WORDS)
        self.get(f"/inquiries/knowledge/?q={urllib.parse.quote(word)}", "/inquiries/knowledge/?q=")


class Clinician(Person):
    accounts = CLINICIANS
    fixed_count = users_for(CLINICIAN_ROUNDS, CLINICIAN_ROUNDS_PER_USER)
    rounds_per_second = CLINICIAN_ROUNDS_PER_USER
    wait_time = on_schedule

    @task
    def work_the_queues(self) -> None:
        queue = self.get("/inquiries/staff/")
        threads = THREAD.findall(queue)
        if threads:
            self.get(random.choice(threads[:10]), name="/inquiries/staff/<id>/")
        reviews = self.get("/screening/review/")
        screenings = REVIEW.findall(reviews)
        if screenings:
            self.get(random.choice(screenings[:10]), name="/screening/review/<id>/")


class HotlineCaller(Person):
    """Joins the hotline queue once and waits, refreshing as the waiting page asks."""

    fixed_count = HOTLINE_CALLERS
    rounds_per_second = 1 / 8
    wait_time = on_schedule

    def on_start(self) -> None:
        super().on_start()
        page = self.get("/hotline/")
        key = KEY.search(page)
        if key is not None and "hotline-join" in page:
            self.submit("/hotline/join/", page, {"key": key[1]}, name="POST /hotline/join/")

    @task
    def wait(self) -> None:
        self.get("/hotline/")


class FixedMix(LoadTestShape):
    """Every user of every class at once (their rounds are spread by their throughput), for
    LOAD_SECONDS."""

    def tick(self) -> tuple[int, float] | None:
        if self.get_run_time() > SECONDS:
            return None
        total = sum(
            cls.fixed_count
            for cls in (ScreeningSeafarer, QuestionSeafarer, ReadingSeafarer, Clinician)
        )
        total += HotlineCaller.fixed_count
        return total, 50.0
