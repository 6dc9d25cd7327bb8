"""Settings for Seafarers' Home, read from environment variables with safe defaults.

Development needs no variables at all: a marked development SECRET_KEY, DEBUG on, a SQLite
file in WAL mode and an in-memory channel layer. Production sets at least SECRET_KEY,
DEBUG=0, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL and FIELD_ENCRYPTION_KEYS (see README).
Configuration that is wrong but loadable is reported by the system checks in
``seafarers_home.core.checks``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

# The marker lets the system check and the start-up guard recognise the development key.
DEV_SECRET_KEY_MARKER = "dev-only-insecure-"  # noqa: S105 - a marker, not a secret
SECRET_KEY = env_str("SECRET_KEY") or DEV_SECRET_KEY_MARKER + "seafarers-home-do-not-deploy"
# Without a real SECRET_KEY we are on a developer's machine, so DEBUG defaults on there.
DEBUG = env_bool("DEBUG", default=not env_str("SECRET_KEY"))
if not DEBUG and SECRET_KEY.startswith(DEV_SECRET_KEY_MARKER):
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development default: set SECRET_KEY "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "seafarers_home.core",
    "seafarers_home.accounts",
    "seafarers_home.organisations",
    "seafarers_home.consent",
    "seafarers_home.audit",
    "seafarers_home.alerts",
    "seafarers_home.triage",
    "seafarers_home.screening",
    "seafarers_home.notifications",
    "seafarers_home.inquiries",
    "seafarers_home.callroom",
    "seafarers_home.consultations",
    "seafarers_home.voyages",
    "seafarers_home.hotline",
    "seafarers_home.certificates",
    "seafarers_home.activities",
    "seafarers_home.courses",
    "seafarers_home.rights",
    "seafarers_home.incidents",
    "seafarers_home.jobs",
    "seafarers_home.offline",
    "seafarers_home.short_messages",
    "seafarers_home.sea_frames",
    "seafarers_home.api",
    "seafarers_home.demo",
    "seafarers_home.ops",
    "seafarers_home.web",
    # The admin behind our own sign-in, throttle and TOTP (web/admin_site.py).
    "seafarers_home.web.admin_config.SeafarersAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "ninja",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: counts every answer for /metrics, the 503s of the overload guard too.
    "seafarers_home.ops.metrics.RequestMetricsMiddleware",
    # Content-Security-Policy on every answer, the overload guard's "busy" page too.
    "seafarers_home.core.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that reads the database: sheds load past REQUESTS_IN_FLIGHT_MAX with 503.
    "seafarers_home.core.overload.RequestsInFlightMiddleware",
    # Compressed HTML matters over satellite; Django's GZip adds BREACH length mitigation.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Our translated error pages with the crisis bar also with DEBUG on (the demo): no URL list.
    "seafarers_home.core.error_pages.OwnErrorPagesMiddleware",
    # Refuses NUL characters and oversized bodies with a translated 400/413/422 (no 500).
    "seafarers_home.core.input_guard.InputGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware, the user read at once instead of through a lazy proxy.
    "seafarers_home.accounts.middleware.SignedInUserMiddleware",
    # A signed-in person's pages: Cache-Control private, no-store (shared bridge computers).
    "seafarers_home.core.private_pages.PrivatePagesMiddleware",
    "seafarers_home.accounts.middleware.UserTimezoneMiddleware",
    "seafarers_home.accounts.middleware.StaffTwoFactorMiddleware",
    # Notes once a day that a seafarer opened the app (short_messages: at-sea check-ins).
    "seafarers_home.short_messages.middleware.AppOpenedMiddleware",
    "seafarers_home.consent.middleware.ConsentRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: the "signed out after N idle minutes" notice outlives the session.
    "seafarers_home.accounts.idle.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A seafarer's sending: counted per month, and sized and priced in their forms (item 7).
    "seafarers_home.sea_frames.middleware.UsageMiddleware",
]

ROOT_URLCONF = "seafarers_home.urls"
ASGI_APPLICATION = "seafarers_home.asgi.application"
WSGI_APPLICATION = "seafarers_home.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "seafarers_home.web.context_processors.platform",
            ],
        },
    },
]

# Database ------------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'seafarers_home.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN so that concurrent transactions queue instead of failing with "database locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
# PostgreSQL: a psycopg pool per process (each `serve` worker, the task worker), so that a
# request borrows a connection instead of opening one and a burst waits for a free connection
# (at most DB_POOL_TIMEOUT seconds, then 503, see core/overload.py) instead of exhausting
# max_connections. Size it: (server workers + 1 task worker) x DB_POOL_MAX_SIZE + other
# clients <= max_connections - superuser_reserved_connections (README, "Connections and load").
# The pool needs CONN_MAX_AGE 0: the pool, not Django, keeps connections open.
DB_POOL = env_bool("DB_POOL", True) and DATABASES["default"]["ENGINE"].endswith("postgresql")
if DB_POOL:
    if DATABASES["default"]["CONN_MAX_AGE"]:
        raise ImproperlyConfigured("DB_CONN_MAX_AGE must be 0 with DB_POOL (the pool keeps them).")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DB_CONN_HEALTH_CHECKS", True)
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN_SIZE", 2),
        "max_size": env_int("DB_POOL_MAX_SIZE", 10),
        "timeout": env_float("DB_POOL_TIMEOUT", 5.0),
    }
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("DB_PREPARED", False):
    # Opt-in: parameters bound by the server and statements prepared after their third use on
    # a connection, so that the pool's connections plan the same few dozen queries once each
    # (PostgreSQL's CPU per request -25 % in the load test, bench/README.md). Off by default:
    # a migration that changes a selected column's type breaks a prepared statement on every
    # running process ("cached plan must not change result type") until it is restarted, and
    # a query with more than 65,535 parameters fails (README, "Connections and load").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=env_int("DB_PREPARE_THRESHOLD", 3)
    )
# Requests in flight per server process (each in its own thread and, on PostgreSQL, holding a
# pooled connection): past this bound a request waits up to REQUESTS_QUEUE_SECONDS for a slot
# (a burst), then is answered 503 + Retry-After, except the crisis paths of core/overload.py.
# Keep it below DB_POOL_MAX_SIZE so that the crisis paths always find a connection. 0 switches
# the bound off.
REQUESTS_IN_FLIGHT_MAX = env_int("REQUESTS_IN_FLIGHT_MAX", 8)
REQUESTS_QUEUE_SECONDS = env_float("REQUESTS_QUEUE_SECONDS", 0.5)
BUSY_RETRY_AFTER_SECONDS = env_int("BUSY_RETRY_AFTER_SECONDS", 5)
# The cyclic garbage collector of a server process (lib/gc_tuning.py): the three
# gc.set_threshold values applied once the app is loaded, after what start-up made is frozen.
# Python's own are 700,10,10; empty keeps them and freezes nothing.
GC_THRESHOLDS = env_list("GC_THRESHOLDS", ["20000", "50", "100"])
if GC_THRESHOLDS and (
    len(GC_THRESHOLDS) != 3 or not all(v.isdigit() and int(v) > 0 for v in GC_THRESHOLDS)
):
    raise ImproperlyConfigured(
        f"GC_THRESHOLDS must be three positive integers (e.g. 20000,50,100) or empty, "
        f"got {os.environ.get('GC_THRESHOLDS')!r}"
    )
# Separate test databases let several test runs share one PostgreSQL server.
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and channel layer ---------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # One connection pool per process, not per thread (core/redis_cache.py).
            "BACKEND": "seafarers_home.core.redis_cache.SharedPoolRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "sh"),
        }
    }
    # Sessions read from Redis and written through to the database: the session row's query
    # was ~0.75 ms of Python on every signed-in request (issue 20 item 8). Only with Redis: a
    # per-process cache would keep a session signed out in one worker alive in the others.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # channels-redis waits for messages with BZPOPMIN for 5 s (RedisChannelLayer.brpop_timeout),
    # and redis-py 8 reads with a 5 s socket timeout by default (older versions waited forever):
    # the read timed out just before Redis answered an idle wait, the receive raised and every
    # idle WebSocket closed after ~5 s. The read timeout must outlast the blocking wait by a
    # margin; keepalive and the health check find a dead peer without waiting that long.
    # The pool (per server process): at most CHANNEL_REDIS_MAX_CONNECTIONS connections; past
    # them a caller waits up to CHANNEL_REDIS_POOL_TIMEOUT seconds, then the socket is told
    # "busy" (core/channel_layer.py, core/socket_busy.py). Size against Redis' maxclients
    # (README, "Connections and load").
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "seafarers_home.core.channel_layer.BoundedRedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": env_int("CHANNEL_REDIS_MAX_CONNECTIONS", 50),
                        "timeout": env_float("CHANNEL_REDIS_POOL_TIMEOUT", 2.0),
                        "socket_timeout": env_int("CHANNEL_REDIS_SOCKET_TIMEOUT", 20),
                        "socket_connect_timeout": 5,
                        "socket_keepalive": True,
                        "health_check_interval": 30,
                    }
                ],
                "prefix": env_str("CHANNEL_PREFIX", "sh"),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Background tasks: django-tasks with the database backend; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# The TASKS alias outbound SMS go through (notifications/sms_outbox.py): the worker's queue, so
# that no web request waits for the SMS gateway.
SMS_TASKS_BACKEND = env_str("SMS_TASKS_BACKEND", "default")

# The worker's heartbeat (core/worker_health.py): a beat every WORKER_HEARTBEAT_SECONDS; silent
# for longer than WORKER_SILENT_SECONDS, /healthz answers 503 and supervisors see a red banner.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 30)
WORKER_SILENT_SECONDS = env_int("WORKER_SILENT_SECONDS", 120)
# /metrics (Prometheus text format, core/metrics.py) answers only with this bearer token;
# unset, it answers 404 to everyone.
METRICS_TOKEN = env_str("METRICS_TOKEN")
# Content-Security-Policy (core/csp.py): more sources for connect-src than this site, its
# WebSocket and the STUN/TURN hosts (comma-separated), and where browsers report violations.
CSP_CONNECT_SRC = env_list("CSP_CONNECT_SRC", [])
CSP_REPORT_URI = env_str("CSP_REPORT_URI")

# Accounts and authentication -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["seafarers_home.accounts.backends.PhonePasswordBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        # Django's, with a refusal its Chinese catalogue lacks (accounts/passwords.py).
        "NAME": "seafarers_home.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Failed logins per phone number (and per client address) before a temporary lockout.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 30)

# One-time SMS codes.
SMS_BACKEND = env_str("SMS_BACKEND", "seafarers_home.accounts.sms.ConsoleSmsBackend")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN")
SMS_SIGN_NAME = env_str("SMS_SIGN_NAME", "海员之家")
SMS_CODE_TTL_SECONDS = env_int("SMS_CODE_TTL_SECONDS", 5 * 60)
SMS_CODE_RESEND_SECONDS = env_int("SMS_CODE_RESEND_SECONDS", 60)
SMS_CODE_MAX_ATTEMPTS = env_int("SMS_CODE_MAX_ATTEMPTS", 5)
SMS_CODES_PER_DAY = env_int("SMS_CODES_PER_DAY", 10)
# Against SMS pumping (accounts/sms_limits.py), counted in the cache: codes per client address
# per hour (a ship's crew shares one address: generous), the count after which each further
# code from that address needs a question answered, codes per number prefix (its first
# SMS_PREFIX_DIGITS digits) per hour, and codes from the whole site per minute.
SMS_CODES_PER_ADDRESS_PER_HOUR = env_int("SMS_CODES_PER_ADDRESS_PER_HOUR", 50)
SMS_CHALLENGE_AFTER_PER_ADDRESS = env_int("SMS_CHALLENGE_AFTER_PER_ADDRESS", 5)
SMS_PREFIX_DIGITS = env_int("SMS_PREFIX_DIGITS", 7)
SMS_CODES_PER_PREFIX_PER_HOUR = env_int("SMS_CODES_PER_PREFIX_PER_HOUR", 20)
SMS_CODES_PER_MINUTE = env_int("SMS_CODES_PER_MINUTE", 30)

# Crisis alerts: an unacknowledged alert escalates to the next duty tier after this delay.
CRISIS_ESCALATION_SECONDS = env_int("CRISIS_ESCALATION_SECONDS", 300)

# 健康在线咨询: the promised answer time; an unanswered question is escalated after it.
INQUIRY_ANSWER_HOURS = env_int("INQUIRY_ANSWER_HOURS", 24)
INQUIRY_URGENT_ANSWER_HOURS = env_int("INQUIRY_URGENT_ANSWER_HOURS", 1)
# Knowledge searches (the list page and the ask page's suggestions) per client per minute
# (inquiries/search_limits.py); a crew shares one satellite address, so generous.
KNOWLEDGE_SEARCH_PER_MINUTE = env_int("KNOWLEDGE_SEARCH_PER_MINUTE", 60)
# Photos decoded at once per server process (each may take ~80 MB while it is shrunk), and how
# long an upload waits for a slot before the seafarer is asked to retry (inquiries/photos.py).
PHOTO_DECODE_CONCURRENCY = env_int("PHOTO_DECODE_CONCURRENCY", 2)
PHOTO_DECODE_WAIT_SECONDS = env_float("PHOTO_DECODE_WAIT_SECONDS", 20.0)

# 心理热线: how long an offered call waits for the counsellor, how long a caller waits before
# a callback is offered, when a silent counsellor console counts as gone, the callback rule and
# the phone system's webhook (HMAC-SHA256 secret, allowed clock skew).
HOTLINE_OFFER_SECONDS = env_int("HOTLINE_OFFER_SECONDS", 30)
HOTLINE_NO_ANSWER_SECONDS = env_int("HOTLINE_NO_ANSWER_SECONDS", 120)
HOTLINE_HEARTBEAT_SECONDS = env_int("HOTLINE_HEARTBEAT_SECONDS", 90)
# The hotline's timers (hotline/periodic_jobs.py) run this often in the worker.
HOTLINE_TIMER_SECONDS = env_int("HOTLINE_TIMER_SECONDS", 5)
HOTLINE_CALLBACK_RETRY_MINUTES = env_int("HOTLINE_CALLBACK_RETRY_MINUTES", 15)
HOTLINE_CALLBACK_MAX_ATTEMPTS = env_int("HOTLINE_CALLBACK_MAX_ATTEMPTS", 3)
HOTLINE_WEBHOOK_SECRET = env_str("HOTLINE_WEBHOOK_SECRET")
HOTLINE_WEBHOOK_TOLERANCE_SECONDS = env_int("HOTLINE_WEBHOOK_TOLERANCE_SECONDS", 300)

# The short-message channel (issue 14, short_messages/): per gateway (sms, beidou, iridium) the
# HMAC secret of its inbound endpoint, the outbound backend (console by default; the HTTP one
# posts to the relay at URL with TOKEN), the clock skew allowed, the binding code's life and
# tries, and after how many days of an at-sea pulse period without the app the pulse goes out
# as a short message (the seafarer can switch that off).
SHORT_MESSAGE_GATEWAYS = {
    name: {
        "secret": env_str(f"SHORT_MESSAGE_{name.upper()}_SECRET"),
        "backend": env_str(
            f"SHORT_MESSAGE_{name.upper()}_BACKEND",
            "seafarers_home.short_messages.senders.ConsoleBackend",
        ),
        "url": env_str(f"SHORT_MESSAGE_{name.upper()}_URL"),
        "token": env_str(f"SHORT_MESSAGE_{name.upper()}_TOKEN"),
    }
    for name in ("sms", "beidou", "iridium")
}
SHORT_MESSAGE_TOLERANCE_SECONDS = env_int("SHORT_MESSAGE_TOLERANCE_SECONDS", 300)
SHORT_MESSAGE_CODE_TTL_MINUTES = env_int("SHORT_MESSAGE_CODE_TTL_MINUTES", 30)
SHORT_MESSAGE_CODE_MAX_ATTEMPTS = env_int("SHORT_MESSAGE_CODE_MAX_ATTEMPTS", 5)
SHORT_MESSAGE_PULSE_AFTER_DAYS = env_int("SHORT_MESSAGE_PULSE_AFTER_DAYS", 3)
# Binary frames from bridge PCs and modems (sea_frames/FRAME.md): the satellite gateways sign
# their deliveries with this secret (HMAC-SHA256, allowed clock skew); unset, every delivery
# is refused with 401.
SEA_FRAMES_GATEWAY_SECRET = env_str("SEA_FRAMES_GATEWAY_SECRET")
SEA_FRAMES_GATEWAY_TOLERANCE_SECONDS = env_int("SEA_FRAMES_GATEWAY_TOLERANCE_SECONDS", 300)

# Voyage care: the share of in-clinic slots reserved for the green channel (percent), and how
# many days ahead of the general list green-channel bookers may book.
GREEN_CHANNEL_SHARE_PERCENT = env_int("GREEN_CHANNEL_SHARE_PERCENT", 30)

# 远程咨询 call rooms: STUN/TURN servers for WebRTC (comma-separated URLs). TURN uses the
# TURN REST scheme: time-limited credentials, HMAC-SHA1 of "expiry:user" with the secret that
# coturn knows as static-auth-secret. The room opens this many minutes before the slot and
# stays open this many minutes after its end.
STUN_URLS = env_list("STUN_URLS", [])
TURN_URLS = env_list("TURN_URLS", [])
TURN_SECRET = env_str("TURN_SECRET")
TURN_CREDENTIAL_TTL = env_int("TURN_CREDENTIAL_TTL", 3600)
CONSULTATION_JOIN_EARLY_MINUTES = env_int("CONSULTATION_JOIN_EARLY_MINUTES", 10)
CONSULTATION_JOIN_LATE_MINUTES = env_int("CONSULTATION_JOIN_LATE_MINUTES", 30)
# The hospital's zone (lib/zones.py: hospital_zone()): clinicians' weekly hours, the hotline
# roster, the supervisor's and the programme's days and months, the daily care run's 09:00,
# and the time shown beside a seafarer's own. CONSULTATION_HOSPITAL_TIME_ZONE is its old name.
HOSPITAL_TIME_ZONE = env_str(
    "HOSPITAL_TIME_ZONE", env_str("CONSULTATION_HOSPITAL_TIME_ZONE", "Asia/Shanghai")
)
# 远程咨询 booking: clinicians' weekly hours (hospital time) become slots this many weeks
# ahead; a seafarer may cancel or reschedule until this many hours before the start.
CONSULTATION_SLOT_WEEKS = env_int("CONSULTATION_SLOT_WEEKS", 4)
CONSULTATION_CANCEL_HOURS = env_int("CONSULTATION_CANCEL_HOURS", 2)

# TOTP two-factor authentication for staff roles.
TOTP_ISSUER = env_str("TOTP_ISSUER", "海员之家 Seafarers' Home")
TOTP_VALID_WINDOW = env_int("TOTP_VALID_WINDOW", 1)

# API tokens.
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 90)

# Encryption of sensitive fields at rest: comma-separated Fernet keys, the first one encrypts,
# all of them decrypt (key rotation). Without it a key is derived from SECRET_KEY (dev only).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])

# Audit trail: the HMAC key of the hash chain lives here, never in the database (without it a
# key is derived from SECRET_KEY, refused by a system check outside DEBUG); signed checkpoints
# of the chain's head are appended to a file every AUDIT_CHECKPOINT_MINUTES by the worker.
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY")
AUDIT_CHECKPOINT_PATH = Path(
    env_str("AUDIT_CHECKPOINT_PATH", str(VAR_DIR / "audit" / "checkpoints.jsonl"))
)
AUDIT_CHECKPOINT_MINUTES = env_int("AUDIT_CHECKPOINT_MINUTES", 15)
# Audited writes append pending rows; the chaining step links them after commit (and the
# worker sweeps every AUDIT_CHAIN_SWEEP_SECONDS as the safety net, audit/chaining.py). The
# verifier reports a row pending for longer than AUDIT_PENDING_MAX_MINUTES.
AUDIT_CHAIN_SWEEP_SECONDS = env_int("AUDIT_CHAIN_SWEEP_SECONDS", 60)
# The step after commit runs in a thread of each process, one step for the rows of all the
# requests committing within AUDIT_CHAIN_COALESCE_SECONDS (audit/background_chaining.py): on by
# default with PostgreSQL, where many server processes write at once; SQLite has one writer.
# A quarter second: at 50 audited writes/s a step links ~12 rows, not 2-3 (7 statements a step).
AUDIT_CHAIN_IN_BACKGROUND = env_bool(
    "AUDIT_CHAIN_IN_BACKGROUND", DATABASES["default"]["ENGINE"].endswith("postgresql")
)
AUDIT_CHAIN_COALESCE_SECONDS = env_float("AUDIT_CHAIN_COALESCE_SECONDS", 0.25)
AUDIT_PENDING_MAX_MINUTES = env_int("AUDIT_PENDING_MAX_MINUTES", 5)

# Backups (`manage.py backup` / `restore`): archives are encrypted with age to
# BACKUP_RECIPIENTS (public keys; enough to write a backup) or to the recipient of BACKUP_KEY
# (an age secret key, needed only where a backup is restored). BACKUP_KEEP newest archives are
# kept in BACKUP_DIR; copies belong off the server (README, "Backups").
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEY = env_str("BACKUP_KEY")
BACKUP_RECIPIENTS = env_list("BACKUP_RECIPIENTS", [])
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)

# Sessions and security -----------------------------------------------------------------------
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
# Staff sessions (two-factor roles) end after this many minutes without a request; seafarers
# keep SESSION_COOKIE_AGE. 0 switches the idle timeout off (accounts/idle.py).
STAFF_IDLE_TIMEOUT_MINUTES = env_float("STAFF_IDLE_TIMEOUT_MINUTES", 30.0)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list is a one-way decision for whoever owns the domain,
# so `check --deploy` does not insist on it (security.W021) unless preload is switched on.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if env_bool("BEHIND_TLS_PROXY", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

# Internationalisation: Chinese first, English second; times stored in UTC.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "sh_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True
# lib/ is a package, not an app: its catalogue is named here (the apps' are found by Django).
LOCALE_PATHS = [
    BASE_DIR / "src" / "seafarers_home" / "locale",
    BASE_DIR / "src" / "seafarers_home" / "lib" / "locale",
]

# Static files: compressed and cached forever by WhiteNoise (hashed names).
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_STORAGE_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
WHITENOISE_MAX_AGE = 365 * 24 * 3600

# The platform ---------------------------------------------------------------------------------
PLATFORM_HOTLINE_NUMBER = env_str("PLATFORM_HOTLINE_NUMBER", "0580-2620120")
# Shown on the privacy page as the contact of the person responsible for personal information
# (not the hotline: a question about one's data must not take a crisis counsellor's line).
PRIVACY_CONTACT_EMAIL = env_str("PRIVACY_CONTACT_EMAIL")
PRIVACY_CONTACT_PHONE = env_str("PRIVACY_CONTACT_PHONE")
NATIONAL_PSY_HOTLINE_NUMBER = env_str("NATIONAL_PSY_HOTLINE_NUMBER", "12356")
SITE_BASE_URL = env_str("SITE_BASE_URL", "http://127.0.0.1:8000")

# The root logger's level; `manage.py serve` gives uvicorn the same one, so that WARNING also
# drops its access line per request (a reverse proxy in front usually logs those already).
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "seafarers_home.sms": {"level": "INFO"},
    },
}
