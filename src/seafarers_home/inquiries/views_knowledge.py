"""The public knowledge base (list by category, search, one entry) and the clinicians'
publishing and unpublishing. Public pages show no author, no link to the question."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.audit.reads import record_read
from seafarers_home.inquiries.access_knowledge import get_entry_for_clinician, get_published_entry
from seafarers_home.inquiries.access_staff import get_question_for_clinician
from seafarers_home.inquiries.actions.publishing import do_publish_question, do_unpublish_entry
from seafarers_home.inquiries.forms_knowledge import KnowledgeSearchForm, PublishForm
from seafarers_home.inquiries.models import Category, KnowledgeEntry
from seafarers_home.inquiries.search import (
    MAX_QUERY_LENGTH,
    entries_for,
    published_entries,
    search_queryset,
)
from seafarers_home.inquiries.services_publish import (
    PURPOSE,
    PublishInvalid,
    identifying_details,
    publication_draft,
    publishable_error,
)
from seafarers_home.permissions.roles import is_clinician

PAGE_SIZE = 20
COUNT_CAP = 1000  # 50 pages of a search; past it "more than 1000"


@require_GET
def knowledge(request: HttpRequest) -> HttpResponse:
    form = KnowledgeSearchForm(request.GET)
    form.is_valid()  # an unknown category is dropped; the words are still searched
    cleaned = form.cleaned_data
    query = cleaned.get("q", "").strip()[:MAX_QUERY_LENGTH]
    category = cleaned.get("category", "")
    if query:
        # Counted up to COUNT_CAP (then "more than"): an exact count of a common phrase's
        # tens of thousands of matches cost more than the page itself (issue 20 item 4).
        matches = search_queryset(query, category=category, count_cap=COUNT_CAP)
        page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
        entries = entries_for(page.object_list)
        more_than = matches.capped
    else:
        more_than = False
        listed = published_entries().order_by("-published_at", "-pk")
        if category:
            listed = listed.filter(category=category)
        page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
        entries = list(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "query": query,
        "category": category,
        "categories": Category.choices,
        "page": page,
        "more_than": more_than,
        "entries": entries,
        "params": params.urlencode(),
    }
    return render(request, "inquiries/knowledge_list.html", context)


@require_GET
def knowledge_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_published_entry(pk)
    context = {"entry": entry, "can_unpublish": is_clinician(request.user)}
    return render(request, "inquiries/knowledge_entry.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_clinician(request.user, pk)
    published = KnowledgeEntry.objects.filter(question=question, is_published=True).first()
    reason = publishable_error(question)
    form = PublishForm(request.POST or None, initial=publication_draft(question))
    if request.method == "POST" and not reason and not published and form.is_valid():
        try:
            entry = do_publish_question(
                question, request.user, **form.cleaned_data, request=request
            )
        except PublishInvalid as invalid:
            for field, errors in invalid.errors.items():
                for error in errors:
                    form.add_error(field or None, error)
        else:
            messages.success(request, _("已匿名发布到知识库。"))
            return redirect("inquiries:knowledge_entry", pk=entry.pk)
    if request.method == "GET":
        record_read(request.user, "inquiry.read", target=question, purpose=PURPOSE, request=request)
    draft = form.initial if request.method == "GET" else form.data
    found = (
        []
        if reason or published
        else identifying_details(
            " ".join(str(draft.get(f, "")) for f in ("title", "question_text", "answer_text")),
            question,
        )
    )
    context = {"question": question, "form": form, "reason": reason, "published": published}
    context["found"] = found
    return render(request, "inquiries/knowledge_publish.html", context)


@login_required
@require_POST
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_clinician(request.user, pk)
    do_unpublish_entry(entry, request.user, request=request)
    messages.success(request, _("已从知识库撤下。"))
    return redirect("inquiries:knowledge")
