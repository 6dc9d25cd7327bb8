"""The project's URLs plus three views that fail on purpose (tests/core/test_error_pages.py):
no project view raises these on request, and the pages must be shown when one does."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from seafarers_home.urls import urlpatterns as project_urlpatterns


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


def denies(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a forged value")


urlpatterns = [
    path("test-errors/fails/", fails),
    path("test-errors/denies/", denies),
    path("test-errors/suspicious/", suspicious),
    *project_urlpatterns,
]
