"""The seafarer's side of the message board: asking (with similar answered questions first),
the list of their questions, a thread with its replies and a follow-up form, and the photos.

No JavaScript: the forms post plain HTML (photos as multipart), carry a hidden idempotency key
generated per render, and every page is small for a satellite link."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.audit.reads import record_read
from seafarers_home.consent.decorators import consent_required_response
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.core.crisis_help import maritime_numbers
from seafarers_home.core.idempotency import IdempotencyConflict
from seafarers_home.inquiries.access import get_own_question, get_photo_for_user
from seafarers_home.inquiries.actions.asking import do_ask_question, do_post_follow_up
from seafarers_home.inquiries.models import Category, Question
from seafarers_home.inquiries.search import similar_knowledge
from seafarers_home.inquiries.services_ask import (
    BODY_MAX_LENGTH,
    BODY_MIN_LENGTH,
    FOLLOW_UP_MAX_LENGTH,
    MAX_PHOTOS,
    PURPOSE,
    TITLE_MAX_LENGTH,
    InquiryInvalid,
)
from seafarers_home.permissions.decorators import seafarer_required
from seafarers_home.triage.safety import SAFETY_QUESTION, SafetyAnswer
from seafarers_home.triage.service import result_for_codes

PAGE_SIZE = 20
SIMILAR_LIMIT = 5
ASK_FIELDS = (
    "category",
    "title",
    "body",
    "age_band",
    "duration",
    "location",
    "medicine_chest",
    "safety_answer",
)


def _similar(text: str) -> list[dict[str, Any]]:
    """Answered, published questions like the one being written (the knowledge base)."""
    if not text:
        return []

    found = []
    for entry in similar_knowledge(text, limit=SIMILAR_LIMIT):
        try:
            url = reverse("inquiries:knowledge_entry", kwargs={"pk": entry.pk})
        except NoReverseMatch:
            url = ""
        found.append({"title": entry.title, "category": entry.get_category_display(), "url": url})
    return found


def ask_context(query: str, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "q": query,
        "similar": _similar(query),
        "values": values,
        "categories": Category.choices,
        "age_bands": Question.AgeBand.choices,
        "durations": Question.Duration.choices,
        "locations": Question.Location.choices,
        "title_max": TITLE_MAX_LENGTH,
        "body_min": BODY_MIN_LENGTH,
        "body_max": BODY_MAX_LENGTH,
        "max_photos": MAX_PHOTOS,
        "safety_question": SAFETY_QUESTION,
        "safety_answers": SafetyAnswer.choices,
    }


def thread_context(question: Question) -> dict[str, Any]:
    flags = result_for_codes(list(question.red_flags))
    return {
        "question": question,
        "photos": list(question.photos.defer("image")),
        "replies": list(question.replies.all()),
        "mental_flag": flags.crisis,
        "physical_flag": flags.physical,
        "closed": question.status == Question.Status.CLOSED,
        "follow_up_max": FOLLOW_UP_MAX_LENGTH,
        **maritime_numbers(),
    }


@require_http_methods(["GET", "POST"])
@seafarer_required(health_consent=True)
def ask(request: HttpRequest) -> HttpResponse:
    values: dict[str, Any] = {"title": request.GET.get("q", "")[:80]}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in ASK_FIELDS}
        values["allow_publish"] = request.POST.get("allow_publish") == "1"
        try:
            question = do_ask_question(
                request.user,
                **values,
                photos=request.FILES.getlist("photos"),
                idempotency_key=request.POST.get("key", ""),
                request=request,
            )
            messages.success(request, _("您的问题已提交,医生会在承诺时间内回复。"))
            return redirect("inquiries:thread", pk=question.pk)
        except InquiryInvalid as exc:
            errors = exc.errors
        except IdempotencyConflict:
            # An old copy of this form (browser back) was changed and sent again.
            messages.warning(
                request, _("这份留言之前已经提交过。如要再提一个问题,请核对后再提交。")
            )
    context = ask_context(request.GET.get("q", "").strip() or values.get("title", ""), values)
    context.update(errors=errors, key=uuid.uuid4().hex)
    return render(request, "inquiries/ask.html", context, status=400 if errors else 200)


@require_GET
@seafarer_required(health_consent=True)
def mine(request: HttpRequest) -> HttpResponse:
    questions = Question.objects.filter(seafarer=request.user).order_by("-created_at", "-pk")
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inquiries/mine.html", {"page": page, "questions": page.object_list})


@require_GET
@seafarer_required(health_consent=True)
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_own_question(request.user, pk)
    context = thread_context(question)
    context.update(key=uuid.uuid4().hex, errors={}, follow_up="")
    return render(request, "inquiries/thread.html", context)


@require_POST
@seafarer_required(health_consent=True)
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_own_question(request.user, pk)
    body = request.POST.get("body", "")
    try:
        reply = do_post_follow_up(
            question,
            request.user,
            body,
            idempotency_key=request.POST.get("key", ""),
            request=request,
        )
    except InquiryInvalid as exc:
        context = thread_context(question)
        context.update(key=uuid.uuid4().hex, errors=exc.errors, follow_up=body)
        return render(request, "inquiries/thread.html", context, status=400)
    except IdempotencyConflict:
        messages.warning(request, _("这条补充之前已经提交过。请核对后再提交一次。"))
        return redirect("inquiries:thread", pk=question.pk)
    messages.success(request, _("补充已提交。"))
    return redirect(reverse("inquiries:thread", kwargs={"pk": question.pk}) + f"#reply-{reply.pk}")


@require_GET
@login_required
def photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    """The re-encoded JPEG, for the question's author (with the health consent) or a
    clinician (whose read is audited). Private: no shared cache may keep it."""
    found = get_photo_for_user(request.user, pk, photo_pk)
    if found.question.seafarer_id == request.user.pk:
        if not has_health_data_consent(request.user):
            return consent_required_response(request)
    else:
        record_read(
            request.user,
            "inquiry.photo_read",
            target=found.question,
            purpose=PURPOSE,
            request=request,
            detail={"photo": found.pk},
        )
    response = HttpResponse(bytes(found.image), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    response["Content-Disposition"] = f'inline; filename="photo-{found.pk}.jpg"'
    response["Content-Length"] = str(found.byte_size or len(response.content))
    return response
