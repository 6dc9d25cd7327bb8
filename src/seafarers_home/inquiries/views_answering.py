"""The clinicians' side of the message board: the queue, the staff view of a thread, claiming,
releasing, replying (with answer templates) and marking answered. Every page answers 404 to
anyone who is not a clinician, and every read of a thread is written to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.audit.reads import record_read
from seafarers_home.core.idempotency import IdempotencyConflict
from seafarers_home.inquiries.access_staff import get_question_for_clinician
from seafarers_home.inquiries.actions.answering import (
    do_claim_question,
    do_mark_answered,
    do_release_question,
    do_reply,
)
from seafarers_home.inquiries.forms_answering import QueueFilterForm, ReplyForm, TemplatePickForm
from seafarers_home.inquiries.models import Question, Reply
from seafarers_home.inquiries.queue import PENDING, queue_questions
from seafarers_home.inquiries.services_answer import (
    PURPOSE,
    WAITING_FOR_CLINICIAN,
    AlreadyClaimed,
    AnswerInvalid,
    NotClaimer,
    NothingAnswered,
    QuestionClosed,
    specialties_of,
    templates_for,
)
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_clinician
from seafarers_home.triage.service import reason_label

PAGE_SIZE = 50


def _claimed_message(error: AlreadyClaimed) -> str:
    return _("这条留言已由 %(name)s 认领,请勿重复回复。") % {"name": error.claimed_by or "—"}


def _closed_message() -> str:
    return _("这条留言已关闭,不能再操作。")


@role_required(is_clinician)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("status", PENDING)
    form = QueueFilterForm(data)
    cleaned = form.cleaned_data if form.is_valid() else {}
    filters = {
        "category": cleaned.get("category", ""),
        "status": cleaned.get("status", PENDING),
        "mine": bool(cleaned.get("mine")),
    }
    now = timezone.now()
    questions = queue_questions(request.user, now, **filters)
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    for question in page.object_list:
        # The triage's signals in words ("想死或不想活"), never the stored codes.
        question.signal_labels = [reason_label(code) for code in question.red_flags]
    record_read(
        request.user,
        "inquiry.queue",
        purpose=PURPOSE,
        request=request,
        detail={"questions": [q.pk for q in page.object_list]},
    )
    query = data.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "form": form,
        "now": now,
        "query": query.urlencode(),
        "no_specialties": filters["mine"] and not specialties_of(request.user),
    }
    return render(request, "inquiries/staff_queue.html", context)


def _render_thread(
    request: HttpRequest, question: Question, reply_form: ReplyForm | None = None
) -> HttpResponse:
    record_read(request.user, "inquiry.read", target=question, purpose=PURPOSE, request=request)
    replies = list(question.replies.select_related("author"))
    mine = question.claimed_by_id == request.user.pk
    context: dict[str, Any] = {
        "question": question,
        "replies": replies,
        "photos": question.photos.only("pk", "question_id", "width", "height", "position"),
        "claimed_by_me": mine,
        "claimed_by_other": question.claimed_by_id is not None and not mine,
        "closed": question.status == Question.Status.CLOSED,
        "overdue": question.first_answered_at is None
        and question.status in WAITING_FOR_CLINICIAN
        and question.due_at <= timezone.now(),
        "has_answer": any(r.kind == Reply.Kind.ANSWER for r in replies),
        "triage_reasons": [reason_label(code) for code in question.red_flags],
        "reply_form": reply_form or ReplyForm(),
        "pick_form": TemplatePickForm(templates=templates_for(request.user)),
    }
    return render(request, "inquiries/staff_thread.html", context)


@login_required
@require_GET
def staff_thread(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_thread(request, get_question_for_clinician(request.user, pk))


@login_required
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_clinician(request.user, pk)
    try:
        do_claim_question(question, request.user, request=request)
    except AlreadyClaimed as taken:
        messages.error(request, _claimed_message(taken))
    except QuestionClosed:
        messages.error(request, _closed_message())
    else:
        messages.success(request, _("已认领。在您释放之前,其他医生不能回复这条留言。"))
    return redirect("inquiries:staff_thread", pk=question.pk)


@login_required
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_clinician(request.user, pk)
    try:
        do_release_question(question, request.user, request=request)
    except NotClaimer:
        messages.error(request, _("只有认领这条留言的医生可以释放它。"))
    else:
        messages.success(request, _("已释放,这条留言回到待回复队列。"))
    return redirect("inquiries:staff_thread", pk=question.pk)


def _insert_template(request: HttpRequest, question: Question) -> HttpResponse:
    """No-JS template picker: the reply form posts here with ``insert``; the page comes back
    with the template appended to what was typed (nothing is sent or stored)."""
    pick = TemplatePickForm(request.POST, templates=templates_for(request.user))
    body = request.POST.get("body", "")
    if pick.is_valid() and pick.cleaned_data["template"] is not None:
        body = f"{body.rstrip()}\n\n{pick.cleaned_data['template'].body}".lstrip()
    form = ReplyForm(
        initial={
            "body": body,
            "kind": request.POST.get("kind") or Reply.Kind.ANSWER,
            "idempotency_key": request.POST.get("idempotency_key", ""),
        }
    )
    return _render_thread(request, question, form)


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_clinician(request.user, pk)
    if "insert" in request.POST:
        return _insert_template(request, question)
    form = ReplyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_reply(
                question,
                request.user,
                data["body"],
                kind=data["kind"],
                idempotency_key=data["idempotency_key"],
                request=request,
            )
        except AlreadyClaimed as taken:
            messages.error(request, _claimed_message(taken))
            return redirect("inquiries:staff_thread", pk=question.pk)
        except QuestionClosed:
            form.add_error(None, _closed_message())
        except IdempotencyConflict:
            form.add_error(None, _("这份表单已经提交过不同的内容,请刷新页面后重新填写。"))
        except AnswerInvalid as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("回复已发送,海员会收到通知。"))
            return redirect("inquiries:staff_thread", pk=question.pk)
    question.refresh_from_db()
    return _render_thread(request, question, form)


@login_required
@require_POST
def mark_answered(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_clinician(request.user, pk)
    try:
        do_mark_answered(question, request.user, request=request)
    except NotClaimer:
        messages.error(request, _("只有认领这条留言的医生可以标记已回复。"))
    except NothingAnswered:
        messages.error(request, _("还没有回答,不能标记为已回复。"))
    except QuestionClosed:
        messages.error(request, _closed_message())
    else:
        messages.success(request, _("已标记为已回复。"))
    return redirect("inquiries:staff_thread", pk=question.pk)
