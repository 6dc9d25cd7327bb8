from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.certificates.validity import start_page_alert
from seafarers_home.consent.decorators import health_consent_required
from seafarers_home.core.worker_health import worker_status
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_staff_not_seafarer, is_workspace_user
from seafarers_home.web.my_links import my_links, scene_is_for
from seafarers_home.web.navigation import workspace_sections
from seafarers_home.web.scenes import (
    HEALTH_SERVICES,
    HEALTH_SERVICES_BY_SLUG,
    SCENES,
    SCENES_BY_SLUG,
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    scenes = [scene for scene in SCENES if scene_is_for(scene, request.user)]
    context = {
        "scenes": scenes,
        "my_links": my_links(request.user),
        "certificate_alert": start_page_alert(request.user),
    }
    return render(request, "web/home.html", context)


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return render(request, "web/health.html", {"services": HEALTH_SERVICES})


@require_GET
def coming_soon(request: HttpRequest, slug: str) -> HttpResponse:
    scene = SCENES_BY_SLUG.get(slug)
    if scene is None or scene.url_name is not None:
        raise Http404
    return render(request, "web/coming_soon.html", {"scene": scene})


@require_GET
def health_service(request: HttpRequest, slug: str) -> HttpResponse:
    """A service of the mental-health platform. It processes health data, so a seafarer is
    asked for the separate consent before the page; staff see what the service is for and
    are sent to their workspace, without a patient's consent."""
    service = HEALTH_SERVICES_BY_SLUG.get(slug)
    if service is None:
        raise Http404
    if is_staff_not_seafarer(request.user):
        context = {"service": service, "staff_view": True}
        return render(request, "web/health_service.html", context)
    return _seafarer_health_service(request, service)


@health_consent_required
def _seafarer_health_service(request: HttpRequest, service: object) -> HttpResponse:
    return render(request, "web/health_service.html", {"service": service})


@require_GET
def crisis_help(request: HttpRequest) -> HttpResponse:
    return render(request, "web/help.html")


@require_GET
@role_required(is_workspace_user)
def workspace(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The staff start page: tools by role. Seafarers land on the start page instead."""
    sections = workspace_sections(request.user)
    return render(request, "web/workspace.html", {"sections": sections})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The database answers, and the task worker (crisis escalation) is alive: 503 when it has
    been silent longer than WORKER_SILENT_SECONDS. ``?scope=web`` checks this process and its
    database only, for a load balancer: a dead worker must not take the web servers (and the
    crisis pages) out of rotation."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse(
            {"status": "error", "database": "error", "detail": type(exc).__name__}, status=503
        )
    body: dict[str, object] = {"status": "ok", "database": "ok", "vendor": connection.vendor}
    if request.GET.get("scope") == "web":
        return JsonResponse(body)
    worker = worker_status()
    body["worker"] = worker.as_dict()
    if not worker.healthy:
        body["status"] = "error"
        return JsonResponse(body, status=503)
    return JsonResponse(body)
