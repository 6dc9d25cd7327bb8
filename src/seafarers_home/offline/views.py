"""The worker, the manifest and the two pages of the app at sea. None of them reads or writes
anything of a person on the server: the outbox page is drawn by outbox.js from the browser's
IndexedDB."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from seafarers_home.offline.templatetags.offline import THEME_COLOUR

WORKER_SOURCE = Path(__file__).with_name("service_worker.js")
BACKGROUND_COLOUR = "#f7f9fb"  # --bg in core/site.css
# Static files of the shell, fetched when the worker installs; pages join as they are visited.
SHELL_STATIC = (
    "core/site.css",
    "offline/outbox.js",
    "screening/breathe.js",
    "offline/icon.svg",
    "offline/icon-192.png",
)


@cache
def _worker_template() -> str:
    return WORKER_SOURCE.read_text(encoding="utf-8")


def worker_script() -> str:
    """sw.js with the hashed static names of this deployment filled in. Its version is a digest
    of the whole text, so a new deployment (new hashed names) installs a new worker and the
    old shell cache is deleted."""
    shell = [static(name) for name in SHELL_STATIC]
    text = (
        _worker_template()
        .replace("__SHELL__", json.dumps(shell))
        .replace("__OUTBOX_JS__", json.dumps(static("offline/outbox.js")))
        .replace("__FALLBACK__", json.dumps(reverse("offline:fallback")))
        .replace("__OUTBOX_PAGE__", json.dumps(reverse("offline:outbox")))
    )
    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    return text.replace("__VERSION__", version)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the root so that its scope is the whole site. ``no-cache``: the browser
    asks again each time it checks for an update (the text is small), so a deployment
    reaches ships at their next link."""
    response = HttpResponse(worker_script(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The same for everyone (no personal data), so it may be cached for a day."""
    body = {
        "name": "海员之家",
        "short_name": "海员之家",
        "lang": "zh-Hans",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("offline/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("offline/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("offline/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(
        body, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def fallback(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page it never kept while there is no link. It is fetched
    without cookies when the worker installs, so it is the signed-out rendering."""
    return render(request, "offline/fallback.html")


@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    return render(request, "offline/outbox.html")
