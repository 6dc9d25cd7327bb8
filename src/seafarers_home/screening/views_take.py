"""Seafarer pages for taking a screening: the landing page, one page per instrument, the
result. No JavaScript; every page is small (≤ 14 KB compressed) for satellite links.

Fewer round trips at sea (800 ms each): the start button's and every page's POST is answered
with the next page (or the result) itself, not POST → 302 → GET. Each page's form posts to its
own address. What POST-redirect-GET protected against is covered instead by two hidden fields:
``key``, the idempotency key (the same POST sent again — a dropped link retried, a reload — is
stored once and the next page says it was already saved), and ``replaces``, the key of the
stored answers the page was drawn with: a page drawn before the answers changed (an old tab
reloaded, the back button) is shown again with what it sent, stored only when sent once more."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seafarers_home.core.idempotency import IdempotencyConflict, was_replayed
from seafarers_home.lib.one_row import one_or_none
from seafarers_home.permissions.decorators import seafarer_required
from seafarers_home.screening.access import get_own_screening
from seafarers_home.screening.actions import (
    do_complete_screening,
    do_start_screening,
    do_submit_response,
)
from seafarers_home.screening.instruments import Instrument, UnknownInstrument, get_instrument
from seafarers_home.screening.models import (
    Battery,
    CampaignInvite,
    Response,
    RiskLevel,
    Screening,
)
from seafarers_home.screening.scoring import InvalidAnswers
from seafarers_home.screening.services import (
    ScreeningClosed,
    general_battery,
    next_instrument,
)

DEFAULT_BATTERIES = ("pre-departure", "at-sea-pulse")


@require_http_methods(["GET", "POST"])
@seafarer_required(health_consent=True)
def start(request: HttpRequest) -> HttpResponse:
    invites = (
        CampaignInvite.objects.filter(seafarer=request.user, completed_at__isnull=True)
        .select_related("campaign__battery")
        .order_by("campaign__deadline")
    )
    if request.method == "POST":
        campaign = None
        invite_id = request.POST.get("invite", "")
        if invite_id.isdigit():
            invite = next((i for i in invites if i.pk == int(invite_id)), None)
            if invite is None:
                raise Http404
            campaign, battery = invite.campaign, invite.campaign.battery
        else:
            battery = general_battery(request.POST.get("battery", ""))
            if battery is None:
                raise Http404
        screening = do_start_screening(request.user, battery, campaign=campaign, request=request)
        return _continue(screening, request)
    context = {
        "batteries": Battery.objects.filter(code__in=DEFAULT_BATTERIES, is_active=True),
        "invites": invites,
        "in_progress": [
            (s, next_instrument(s) or "")
            for s in Screening.objects.filter(
                seafarer=request.user, status=Screening.Status.IN_PROGRESS
            ).select_related("battery")
        ],
    }
    return render(request, "screening/take_start.html", context)


def _continue(screening: Screening, request: HttpRequest) -> HttpResponse:
    """The answer to a POST that moved the screening on: the next unanswered page, or the
    result once every page is answered — in this response, no redirect (see the module's
    docstring for why that is safe)."""
    code = next_instrument(screening)
    if code is None:
        return _result_page(request, do_complete_screening(screening, request=request))
    # The first page without answers: nothing stored to show (no read of it).
    return _instrument_page(request, screening, code, unanswered=True)


def _unfinished(screening: Screening, request: HttpRequest) -> HttpResponse:
    """Every page answered but not yet completed (the last page's submission failed after
    storing its answers): a GET only shows a button; completing is the POST's (no GET writes)."""
    code = next_instrument(screening)
    if code is not None:
        return redirect("screening:take", pk=screening.pk, code=code)
    if request.method == "POST":
        do_complete_screening(screening, request=request)
        return redirect("screening:result", pk=screening.pk)
    return render(request, "screening/take_finish.html", {"screening": screening})


def _parse(instrument: Instrument, data: Any) -> tuple[dict[str, int], dict[str, str]]:
    """On the form every item asked must be answered: the seafarer is right there, and a
    skipped radio group is usually an oversight. (Prorating missing answers is for the API.)
    An answer that ends the instrument (``skip_rest_if``) leaves the items after it unasked:
    the page hides them (skip.css) and anything still ticked there is not stored."""
    answers: dict[str, int] = {}
    errors: dict[str, str] = {}
    for item in instrument.items:
        if len(instrument.asked(answers)) < len(instrument.items):
            break  # an earlier answer ended the instrument: what was ticked below is dropped
        raw = data.get(item.id, "").strip()
        if not raw:
            errors[item.id] = _("这一题必须回答。")
            continue
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or value not in item.values:
            errors[item.id] = _("答案超出范围:请从给出的选项中选择。")
        else:
            answers[item.id] = value
    return answers, errors


def _drawn_before_a_change(previous: Response | None, data: Any) -> bool:
    """True when this POST comes from a page drawn before the stored answers last changed: it
    is neither a resend of the POST that stored them (same key: the service answers it as a
    replay or a conflict) nor from a page that showed them (``replaces``)."""
    if previous is None:
        return False
    return previous.idempotency_key not in (data.get("key", "")[:80], data.get("replaces", ""))


def _instrument_page(
    request: HttpRequest,
    screening: Screening,
    code: str,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    unanswered: bool = False,
) -> HttpResponse:
    instrument = get_instrument(code)
    previous = None if unanswered else one_or_none(screening.responses.filter(instrument_code=code))
    if values is None:
        values = json.loads(previous.answers) if previous else {}
    errors = errors or {}
    items, after_skip = [], False
    for item in instrument.items:
        items.append(
            {
                "item": item,
                "value": values.get(item.id),
                "error": errors.get(item.id),
                "skippable": after_skip,
                "skip_label": next(
                    (o.label for o in item.options if o.value == item.skip_rest_if), ""
                )
                if item.skip_rest_if is not None
                else "",
            }
        )
        after_skip = after_skip or item.skip_rest_if is not None
    context = {
        "screening": screening,
        "instrument": instrument,
        "items": items,
        # Nothing ticked, no error: the same HTML every time (``_unanswered_items``).
        "unanswered_items": "" if values or errors else _unanswered_items(instrument, items),
        "branching": any(item.skip_rest_if is not None for item in instrument.items),
        "errors": errors,
        "key": uuid.uuid4().hex,
        "replaces": previous.idempotency_key if previous else "",
        "step": screening.instrument_codes.index(code) + 1,
        "steps": len(screening.instrument_codes),
        # This page's own address (it may be the answer to the previous page's POST): where
        # switching the language comes back to.
        "page_path": reverse("screening:take", args=[screening.pk, code]),
    }
    return render(request, "screening/take_instrument.html", context, status=status)


# The questions of an instrument page with nothing ticked, per instrument and language: the
# page most drawn (each answer is answered with the next one), whose radio buttons were a third
# of its rendering (issue 20 item 8). Instruments are loaded from files once; a reloaded
# registry holds new objects, which miss here.
_unanswered: dict[tuple[str, str, str], tuple[Instrument, str]] = {}


def _unanswered_items(instrument: Instrument, items: list[dict[str, Any]]) -> str:
    key = (instrument.code, instrument.version, get_language() or "")
    found = _unanswered.get(key)
    if found is None or found[0] is not instrument:
        found = (instrument, render_to_string("screening/_items.html", {"items": items}))
        _unanswered[key] = found
    return found[1]


@require_http_methods(["GET", "POST"])
@seafarer_required(health_consent=True)
def take(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    screening = get_own_screening(request.user, pk)
    if code not in screening.instrument_codes:
        raise Http404
    try:
        instrument = get_instrument(code)
    except UnknownInstrument:
        raise Http404 from None
    if screening.status != Screening.Status.IN_PROGRESS:
        # Also a reload of the last page's POST, whose answer was the result.
        return redirect("screening:result", pk=screening.pk)
    if request.method != "POST":
        return _instrument_page(request, screening, code)
    values, errors = _parse(instrument, request.POST)
    if errors:
        return _instrument_page(request, screening, code, values=values, errors=errors, status=400)
    previous = one_or_none(screening.responses.filter(instrument_code=code))
    if _drawn_before_a_change(previous, request.POST):
        messages.warning(
            request,
            _(
                "这一页的答案在这份页面打开之后已经改过(可能是浏览器重新发送了以前的一页)。"
                "下面是这次发送的答案,什么都还没有保存;请核对后再提交。"
            ),
        )
        return _instrument_page(request, screening, code, values=values, status=409)
    try:  # the service validates again: out-of-range values, safety items
        response = do_submit_response(
            request.user,
            code,
            values,
            screening=screening,
            idempotency_key=request.POST.get("key", ""),
            complete_when_done=True,
            request=request,
        )
    except InvalidAnswers as exc:
        return _instrument_page(
            request, screening, code, values=values, errors=exc.errors, status=400
        )
    except IdempotencyConflict:
        # An old copy of this page (browser back) was changed and sent again.
        messages.warning(request, _("这一页之前已经提交过。请核对答案后再提交一次。"))
        return _instrument_page(request, screening, code, values=values)
    except ScreeningClosed:
        return redirect("screening:result", pk=screening.pk)
    if was_replayed(response):
        messages.info(request, _("这一页的答案已经保存过,这次没有重复保存。"))
    if screening.status == Screening.Status.COMPLETED:  # the last page: completed with it
        return _result_page(request, screening)
    return _continue(screening, request)


@require_http_methods(["GET", "POST"])
@seafarer_required(health_consent=True)
def result(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_own_screening(request.user, pk)
    if screening.status != Screening.Status.COMPLETED:
        return _unfinished(screening, request)
    return _result_page(request, screening)


def _result_page(request: HttpRequest, screening: Screening) -> HttpResponse:
    rows = []
    for response in sorted(
        screening.responses.all(), key=lambda r: screening.instrument_codes.index(r.instrument_code)
    ):
        instrument = get_instrument(response.instrument_code, response.instrument_version)
        band = next((b for b in instrument.bands if b.code == response.band), None)
        rows.append({"instrument": instrument, "response": response, "band": band})
    crisis = screening.risk_level == RiskLevel.CRISIS
    context = {
        "screening": screening,
        "rows": rows,
        "crisis": crisis,
        "needs_follow_up": screening.risk_level in (RiskLevel.FOLLOW_UP, RiskLevel.URGENT),
        "page_path": reverse("screening:result", args=[screening.pk]),
    }
    return render(request, "screening/result.html", context)
