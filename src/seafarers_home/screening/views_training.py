"""Pre-departure training pages for seafarers: lessons with completion ticks and a guided
breathing exercise. No health-data consent needed (see training.py); others get 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seafarers_home.permissions.decorators import seafarer_required
from seafarers_home.screening.actions import do_complete_lesson
from seafarers_home.screening.training import (
    all_lessons,
    completed_slugs,
    get_lesson,
)


@seafarer_required
@require_GET
def training(request: HttpRequest) -> HttpResponse:
    done = completed_slugs(request.user)
    lessons = [(lesson, lesson.slug in done) for lesson in all_lessons()]
    context = {"lessons": lessons, "done_count": sum(1 for _l, ok in lessons if ok)}
    return render(request, "screening/training.html", context)


@seafarer_required
@require_http_methods(["GET", "POST"])
def lesson(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_lesson(slug)
    if item is None:
        raise Http404
    if request.method == "POST":
        _completion, created = do_complete_lesson(request.user, item, request=request)
        if created:
            messages.success(request, _("已记录:您学完了这一课。"))
        return redirect("screening:training")
    lessons = all_lessons()
    index = lessons.index(item)
    context = {
        "lesson": item,
        "done": item.slug in completed_slugs(request.user),
        "next_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
    }
    return render(request, "screening/lesson.html", context)


@seafarer_required
@require_GET
def breathe(request: HttpRequest) -> HttpResponse:
    return render(request, "screening/breathe.html")
