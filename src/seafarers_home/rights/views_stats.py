"""The union's statistics page of 维权保障: aggregates only (stats.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from seafarers_home.permissions.decorators import role_required
from seafarers_home.rights.access import sees_rights_statistics
from seafarers_home.rights.stats import rights_statistics


@require_GET
@role_required(sees_rights_statistics)
def statistics(request: HttpRequest) -> HttpResponse:
    return render(request, "rights/stats.html", rights_statistics())
