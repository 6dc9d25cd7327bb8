"""Guards for views that process sensitive health information (PIPL art. 29)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from seafarers_home.consent.models import ConsentKind
from seafarers_home.consent.services import current_document, has_health_data_consent

ViewFunc = Callable[..., HttpResponse]


def health_consent_required(view: ViewFunc) -> ViewFunc:
    """Sign-in first, then the separate consent to health data, before the view runs.

    Without a standing consent to the current version the person gets a 403 page that says
    why and links to the consent, coming back here afterwards."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_health_data_consent(request.user):
            return consent_required_response(request)
        return view(request, *args, **kwargs)

    return wrapped


def consent_required_response(request: HttpRequest) -> HttpResponse:
    consent_url = reverse("consent:document", args=[ConsentKind.HEALTH_DATA])
    consent_url += "?" + urlencode({"next": request.get_full_path()})
    return render(
        request,
        "consent/consent_required.html",
        {"consent_url": consent_url, "document": current_document(ConsentKind.HEALTH_DATA)},
        status=403,
    )
