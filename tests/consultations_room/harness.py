"""A throw-away site with a booked call, real server processes, and a browser in the room.

Used by the browser tests here and by bench/call_room.py, so it imports no Django at module
level. The site is SQLite in WAL mode (several server processes can share the file) with
production-like settings (DEBUG off, collected static files), prepared like
bench/page_budget.py does it; the people and the appointment come from tests/personas.py.
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from page_budget import free_port, site_env, wait_until_up  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _unavailable  # noqa: E402
from tests.browser.csp import watch as watch_csp  # noqa: E402

FAKE_MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
PASSWORD = "Haiyuan-2026!"  # tests/personas.PASSWORD

SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from seafarers_home.consultations.models import Appointment, Mode, Slot
from tests.personas import build_world, give_health_consent
world = build_world()
give_health_consent(world.seafarer)
now = timezone.now()
slot = Slot.objects.create(department=world.clinic, clinician=world.clinician,
    starts_at=now - timedelta(minutes=1), ends_at=now + timedelta(hours=2), mode=Mode.REMOTE)
appointment = Appointment.objects.create(slot=slot, seafarer=world.seafarer)
# A legal consultation in the same room machinery (issue 11 item 8), a little later the same day.
legal_slot = Slot.objects.create(service="legal", department=world.law_firm,
    clinician=world.legal_worker, starts_at=now + timedelta(minutes=5),
    ends_at=now + timedelta(hours=2), mode=Mode.REMOTE)
legal = Appointment.objects.create(slot=legal_slot, seafarer=world.seafarer)
person = lambda u: {"phone": u.phone,
    "secret": u.totp_device.secret if u.needs_two_factor else None}
print("SETUP" + json.dumps({"appointment": appointment.pk, "seafarer": person(world.seafarer),
    "clinician": person(world.clinician), "outsider": person(world.outsider),
    "legal_appointment": legal.pk, "legal_worker": person(world.legal_worker)}))
"""

# What getStats says about RTP, per direction and kind.
STATS_JS = """async () => {
  const pc = window.__call && window.__call.pc;
  if (!pc) return null;
  const out = {state: pc.connectionState, outbound: {}, inbound: {},
               local: pc.localDescription && pc.localDescription.sdp};
  (await pc.getStats()).forEach((s) => {
    if (s.type === "outbound-rtp") out.outbound[s.kind] = {bytes: s.bytesSent,
      packets: s.packetsSent, headerBytes: s.headerBytesSent, frames: s.framesEncoded || 0};
    if (s.type === "inbound-rtp") out.inbound[s.kind] = {bytes: s.bytesReceived,
      packets: s.packetsReceived, frames: s.framesDecoded || 0};
  });
  return out;
}"""


@dataclass
class Site:
    var_dir: Path
    env: dict[str, str]
    people: dict[str, Any]
    # Signed-in browser state per person: staff sign in once (a TOTP code works only once).
    states: dict[str, Any] = field(default_factory=dict)

    @property
    def appointment(self) -> int:
        return self.people["appointment"]


def _manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(
            f"manage.py {args[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        )
    return done.stdout


def migrate(env: dict[str, str]) -> None:
    """A migrated database for the site: on SQLite a copy of the session's migrated file
    (tests/sqlite_template.py), on PostgreSQL ``manage.py migrate``."""
    if env["DATABASE_URL"].startswith("sqlite:///"):
        from tests.sqlite_template import copy_migrated_sqlite, default_sqlite_path

        copy_migrated_sqlite(default_sqlite_path(env))
    else:
        _manage(env, "migrate", "--noinput", "-v0")


def prepare_site(
    var_dir: Path, *, compress: bool = True, database_url: str = "", migrated: bool = False
) -> Site:
    """Migrate, collect static files, create the people and a remote appointment now.
    Without ``compress`` the static files are hashed but not gzip/brotli-compressed, which
    takes seconds instead of minutes on a busy machine (tests; the benchmark compresses).
    ``database_url``: a PostgreSQL database instead of the SQLite file in ``var_dir``;
    ``migrated``: that database is already migrated (tests/pg_template.py)."""
    env = site_env(var_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    if not compress:
        storage = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        env["STATICFILES_STORAGE_BACKEND"] = storage
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["LOGIN_MAX_FAILURES_PER_ADDRESS"] = "1000"
    # Staff sign in once per site (site.states) and the site may serve a whole test session:
    # the 30-minute idle sign-out must not end those sessions between two modules.
    env["STAFF_IDLE_TIMEOUT_MINUTES"] = "600"
    if not migrated:
        migrate(env)
    _manage(env, "collectstatic", "--noinput", "-v0")
    out = _manage(env, "shell", "-c", SETUP)
    people = json.loads(out.split("SETUP", 1)[1].strip().splitlines()[0])
    return Site(var_dir=var_dir, env=env, people=people)


class Server:
    """``manage.py serve --no-worker`` on a free loopback port."""

    def __init__(self, site: Site, **extra_env: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = site.var_dir / f"server-{self.port}.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), "serve", "--no-worker",
                 "--host", "127.0.0.1", "--port", str(self.port)],
                env={**site.env, **extra_env}, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        if not wait_until_up(self.base, self.process):
            self.stop()
            raise RuntimeError(f"the server did not start:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def chromium(*extra_args: str) -> Iterator[Any]:
    """One headless Chromium with tests/browser's flags and ``extra_args``, for a module-scoped
    fixture (Playwright's sync API keeps its loop running while it is open). Skipped where it
    cannot run, or failing under REQUIRE_BROWSER=1."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args]
        )
        yield browser
        browser.close()


def sign_in(page: Any, base: str, person: dict[str, Any]) -> None:
    """The real login form, and the TOTP step for staff."""
    import pyotp

    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=phone]", person["phone"])
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if person["secret"]:
        page.fill("input[name=code]", pyotp.TOTP(person["secret"]).now())
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    assert "/accounts/login/" not in page.url, page.url


def signed_in_page(browser: Any, base: str, site: Site, who: str, init_script: str = "") -> Any:
    """A page in a fresh 390 x 844 context signed in as ``who``, watched for Content-Security-
    Policy violations (``page.csp``). The session cookie is per host, so it serves every
    server process on 127.0.0.1 of this site."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, storage_state=site.states.get(who)
    )
    context.set_default_timeout(20_000)
    if init_script:
        context.add_init_script(init_script)
    csp = watch_csp(context)
    page = context.new_page()
    page.csp = csp
    if who not in site.states:
        sign_in(page, base, site.people[who])
        site.states[who] = context.storage_state()
    return page


def open_room(browser: Any, base: str, site: Site, who: str, **kw: Any) -> Any:
    """A fresh context signed in as ``who`` on the room page, not yet joined."""
    tuning = f"window.__callTuning = {json.dumps(kw['tuning'])};" if kw.get("tuning") else ""
    page = signed_in_page(browser, base, site, who, init_script=tuning)
    page.goto(f"{base}/consultations/room/{kw.get('appointment') or site.appointment}/")
    return page


def join(page: Any, mode: str) -> None:
    page.check(f"input[name=mode][value={mode}]")
    page.click("#call-join")


def wait_connected(page: Any, timeout_ms: int = 30_000) -> None:
    page.wait_for_function(
        # A function, not an expression: Playwright evals expressions in the page, which the
        # CSP refuses (no 'unsafe-eval').
        "() => window.__call && window.__call.pc && window.__call.pc.connectionState === "
        "'connected'",
        timeout=timeout_ms,
    )


def stats(page: Any) -> dict[str, Any]:
    return page.evaluate(STATS_JS)


def wait_for_flow(page: Any, kinds: tuple[str, ...], timeout: float = 15) -> dict[str, Any]:
    """Stats once media of ``kinds`` has been both sent and received (frames for video)."""
    deadline = time.monotonic() + timeout
    while True:
        current = stats(page)
        ok = current is not None and all(
            current["outbound"].get(k, {}).get("bytes", 0) > 0
            and current["inbound"].get(k, {}).get("bytes", 0) > 0
            and (k != "video" or current["inbound"][k]["frames"] > 0)
            for k in kinds
        )
        if ok or time.monotonic() > deadline:
            return current
        page.wait_for_timeout(300)
