"""Consent pages (PIPL): the public privacy page, reading, accepting and withdrawing each
document, and the person's own data (export and erasure per type)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seafarers_home.consent.actions import do_accept_consent, do_withdraw_consent
from seafarers_home.consent.forms import AcceptForm, ConfirmForm
from seafarers_home.consent.models import ConsentDocument, ConsentKind, ConsentRecord
from seafarers_home.consent.personal_data import (
    ACCOUNT,
    PersonalDataType,
    UnknownPersonalDataType,
    do_erase_personal_data,
    do_export_personal_data,
    get_personal_data_type,
    personal_data_types,
)
from seafarers_home.consent.privacy import RETENTION, WITHDRAW_CONSEQUENCES
from seafarers_home.consent.services import (
    active_record,
    current_document,
    missing_required_documents,
)

if TYPE_CHECKING:  # accounts imports consent
    from seafarers_home.accounts.requests import AuthenticatedHttpRequest


def localized(document: ConsentDocument) -> dict[str, object]:
    english = translation.get_language() == "en"
    return {
        "document": document,
        "title": (english and document.title_en) or document.title,
        "summary": (english and document.summary_en) or document.summary,
        "body": (english and document.body_en) or document.body,
    }


def get_current_document_or_404(kind: str) -> ConsentDocument:
    document = current_document(kind) if kind in ConsentKind.values else None
    if document is None:
        raise Http404
    return document


def next_url(request: HttpRequest) -> str:
    """?next= (or the posted next) when it stays on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def safe_next(request: HttpRequest, fallback: str = "consent:overview") -> HttpResponseRedirect:
    target = next_url(request)
    return HttpResponseRedirect(target) if target else redirect(fallback)


@require_http_methods(["GET", "POST"])
def privacy(request: HttpRequest) -> HttpResponse:
    """The public privacy page. It is also where the privacy policy itself is read and
    accepted, since /consent/privacy/ is both this page and the document of kind privacy."""
    if request.method == "POST":
        return document(request, ConsentKind.PRIVACY)
    documents = [current_document(kind) for kind in ConsentKind.values]
    policy = current_document(ConsentKind.PRIVACY)
    context = {
        "documents": [d for d in documents if d is not None],
        "retention": RETENTION,
        "privacy_contact_email": settings.PRIVACY_CONTACT_EMAIL,
        "privacy_contact_phone": settings.PRIVACY_CONTACT_PHONE,
        "policy": localized(policy) if policy else None,
    }
    if policy is not None and request.user.is_authenticated:
        context.update(
            acceptance_context(request, policy, AcceptForm(initial={"version": policy.version}))
        )
    return render(request, "consent/privacy.html", context)


@require_GET
@login_required
def required(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where ConsentRequiredMiddleware sends people who lack the current terms or privacy
    policy: each missing document links to its page, which comes back to ?next=."""
    target = next_url(request)
    missing = missing_required_documents(request.user)
    if not missing:
        return safe_next(request, "core:home")
    suffix = "?" + urlencode({"next": target}) if target else ""
    documents = [
        {**localized(doc), "url": reverse("consent:document", args=[doc.kind]) + suffix}
        for doc in missing
    ]
    return render(request, "consent/required.html", {"documents": documents, "next": target})


@require_GET
@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    history = ConsentRecord.objects.filter(user=request.user).select_related("document")
    rows = []
    for kind, label in ConsentKind.choices:
        document = current_document(kind)
        if document is None:
            continue
        records = [r for r in history if r.document.kind == kind]
        standing = [r for r in records if r.withdrawn_at is None]
        rows.append(
            {
                "kind": kind,
                "label": label,
                "document": document,
                "record": active_record(request.user, kind),
                "outdated": bool(standing) and all(r.document_id != document.pk for r in standing),
                "can_withdraw": bool(standing),
                "history": records,
            }
        )
    return render(request, "consent/overview.html", {"rows": rows})


def acceptance_context(
    request: HttpRequest, doc: ConsentDocument, form: AcceptForm
) -> dict[str, object]:
    user = request.user
    assert user.is_authenticated, "the callers ask for a signed-in person only"
    record = active_record(user, doc.kind)
    previous = (
        ConsentRecord.objects.filter(user=user, document__kind=doc.kind)
        .exclude(document=doc)
        .exists()
    )
    return {
        "record": record,
        "form": form,
        "previous": previous and record is None,
        "next": next_url(request),
    }


@require_http_methods(["GET", "POST"])
def document(request: HttpRequest, kind: str) -> HttpResponse:
    """Anyone may read a document (e.g. before registering); accepting needs a sign-in."""
    doc = get_current_document_or_404(kind)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "consent/document.html", {**localized(doc), "anonymous": True})
    form = AcceptForm(
        request.POST if request.method == "POST" else None, initial={"version": doc.version}
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["version"] != doc.version:
            form.add_error(None, _("文件已经更新为新版本,请阅读新版本后再决定是否同意。"))
        else:
            do_accept_consent(request.user, doc, request=request)
            messages.success(request, _("已记录您的同意。您可以随时在“我的同意”页面撤回。"))
            return safe_next(request)
    context = {**localized(doc), **acceptance_context(request, doc, form)}
    return render(request, "consent/document.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    doc = get_current_document_or_404(kind)
    standing = ConsentRecord.objects.filter(
        user=request.user, document__kind=kind, withdrawn_at__isnull=True
    ).exists()
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if do_withdraw_consent(request.user, kind, request=request):
            messages.success(request, _("已撤回您的同意。"))
        else:
            messages.info(request, _("您目前没有有效的同意,无需撤回。"))
        return redirect("consent:overview")
    context = {
        **localized(doc),
        "standing": standing,
        "form": form,
        "consequences": WITHDRAW_CONSEQUENCES.get(kind, []),
    }
    return render(request, "consent/withdraw.html", context, status=400 if form.errors else 200)


def get_data_type_or_404(key: str) -> PersonalDataType:
    try:
        return get_personal_data_type(key)
    except UnknownPersonalDataType:
        raise Http404 from None


@require_GET
@login_required
def my_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "consent/my_data.html", {"types": personal_data_types()})


@require_GET
@login_required
def my_data_export(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    if key != "all":
        get_data_type_or_404(key)
    payload = do_export_personal_data(request.user, None if key == "all" else key, request=request)
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=1, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{key}-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def my_data_erase(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    data_type = get_data_type_or_404(key)
    if not data_type.erasable:
        raise Http404
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        do_erase_personal_data(request.user, key, request=request)
        if key == ACCOUNT:
            logout(request)
            messages.success(request, _("您的账户已停用并匿名化,您已退出登录。"))
            return redirect("core:home")
        messages.success(request, _("已删除:%(label)s。") % {"label": data_type.label})
        return redirect("consent:my_data")
    context = {"data_type": data_type, "form": form, "is_account": key == ACCOUNT}
    return render(request, "consent/erase.html", context, status=400 if form.errors else 200)
