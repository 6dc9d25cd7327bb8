"""The ship's link and its price, and this month's total (issue 14 item 7)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seafarers_home.core.form_errors import add_errors
from seafarers_home.permissions.decorators import seafarer_required
from seafarers_home.sea_frames.actions_costs import LinkInvalid, do_save_ship_link
from seafarers_home.sea_frames.costs import defaults
from seafarers_home.sea_frames.forms import ShipLinkForm
from seafarers_home.sea_frames.models import ShipLink


@require_http_methods(["GET", "POST"])
@seafarer_required
def link(request: HttpRequest) -> HttpResponse:
    current = ShipLink.objects.filter(seafarer=request.user).first()
    initial = {}
    if current is not None:
        initial = {
            "kind": current.kind,
            "unit": current.unit,
            "price": current.price,
            "message_bytes": current.message_bytes or None,
        }
    form = ShipLinkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_save_ship_link(request.user, **form.cleaned_data, request=request)
        except LinkInvalid as error:
            add_errors(form, error.errors)
        else:
            messages.success(request, _("已保存。发送前会按这个价格估算费用。"))
            return redirect("sea_frames:link")
    context = {
        "form": form,
        "current": current,
        "defaults": [
            (
                ShipLink.Kind(kind).label,
                ShipLink.Unit(link.unit).label,
                link.price,
                link.message_bytes,
            )
            for kind, link in defaults().items()
        ],
    }
    return render(request, "sea_frames/link.html", context, status=400 if form.errors else 200)
