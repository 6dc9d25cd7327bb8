"""Clinicians' answer templates (their own, plus those others shared) and the categories they
answer (the queue's "my specialty" filter). 404 for anyone who is not a clinician."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from seafarers_home.inquiries.access_staff import get_own_template
from seafarers_home.inquiries.actions.answering import (
    do_delete_answer_template,
    do_save_answer_template,
    do_set_specialties,
)
from seafarers_home.inquiries.forms_answering import AnswerTemplateForm, SpecialtyForm
from seafarers_home.inquiries.services_answer import AnswerInvalid, specialties_of, templates_for
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_clinician


@role_required(is_clinician)
@require_http_methods(["GET", "POST"])
def templates(request: HttpRequest) -> HttpResponse:
    form = AnswerTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_save_answer_template(request.user, **form.cleaned_data, request=request)
        except AnswerInvalid as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("回复模板已保存。"))
            return redirect("inquiries:templates")
    context = {
        "form": form,
        "templates": templates_for(request.user).order_by("-shared", "category", "title"),
    }
    return render(request, "inquiries/staff_templates.html", context)


@login_required
@require_POST
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_own_template(request.user, pk)
    do_delete_answer_template(template, request.user, request=request)
    messages.success(request, _("回复模板已删除。"))
    return redirect("inquiries:templates")


@role_required(is_clinician)
@require_http_methods(["GET", "POST"])
def specialties(request: HttpRequest) -> HttpResponse:
    initial = {"categories": specialties_of(request.user)}
    form = SpecialtyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        do_set_specialties(request.user, form.cleaned_data["categories"], request=request)
        messages.success(request, _("专长已保存。"))
        return redirect("inquiries:queue")
    return render(request, "inquiries/staff_specialties.html", {"form": form})
