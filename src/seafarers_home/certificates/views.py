"""The seafarer's certificate wallet: the list with each certificate's validity on the
seafarer's own day, adding, editing and removing their own records, and the photo. Plain
forms (no JavaScript), an idempotency key per rendered add form."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.certificates.access import get_own_certificate
from seafarers_home.certificates.actions import (
    CertificateInvalid,
    ProviderRecord,
    do_add_certificate,
    do_remove_certificate,
    do_update_certificate,
)
from seafarers_home.certificates.forms import CertificateForm, EditCertificateForm
from seafarers_home.certificates.validity import EXPIRED, SOON, SOON_DAYS, today_for, wallet_entries
from seafarers_home.core.form_errors import add_errors
from seafarers_home.core.idempotency import IdempotencyConflict
from seafarers_home.permissions.decorators import seafarer_required


@require_GET
@seafarer_required
def wallet(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = today_for(request.user)
    entries = wallet_entries(request.user, today)
    return render(
        request,
        "certificates/wallet.html",
        {
            "entries": entries,
            "today": today,
            "soon_days": SOON_DAYS,
            "expired": sum(1 for e in entries if e.status == EXPIRED),
            "soon": sum(1 for e in entries if e.status == SOON),
        },
    )


@require_http_methods(["GET", "POST"])
@seafarer_required
def add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_add_certificate(
                request.user,
                **form.values(),
                photo=form.cleaned_data.get("photo"),
                idempotency_key=request.POST.get("key", ""),
                request=request,
            )
        except CertificateInvalid as exc:
            add_errors(form, exc.errors)
        except IdempotencyConflict:
            messages.warning(request, _("这份表单已经提交过,内容与这次不同。请核对证书夹。"))
            return redirect("certificates:wallet")
        else:
            messages.success(request, _("证书已保存。"))
            return redirect("certificates:wallet")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "key": request.POST.get("key") or uuid.uuid4().hex, "editing": False}
    return render(request, "certificates/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@seafarer_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    certificate = get_own_certificate(request.user, pk)
    if certificate.from_provider:
        messages.warning(request, _("这是培训机构签发的证书记录,不能修改。"))
        return redirect("certificates:wallet")
    initial = {
        name: getattr(certificate, name)
        for name in ("kind", "number", "issuer", "issued_on", "expires_on")
    }
    form = EditCertificateForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_certificate(
                certificate,
                request.user,
                **form.values(),
                photo=form.cleaned_data.get("photo"),
                remove_photo=form.cleaned_data.get("remove_photo", False),
                request=request,
            )
        except CertificateInvalid as exc:
            add_errors(form, exc.errors)
        else:
            messages.success(request, _("证书已更新。"))
            return redirect("certificates:wallet")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "certificate": certificate, "editing": True}
    return render(request, "certificates/form.html", context, status=status)


@require_POST
@seafarer_required
def remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    certificate = get_own_certificate(request.user, pk)
    try:
        do_remove_certificate(certificate, request.user, request=request)
    except ProviderRecord:
        messages.warning(request, _("这是培训机构签发的证书记录,不能删除。"))
    else:
        messages.success(request, _("证书已删除。"))
    return redirect("certificates:wallet")


@require_GET
@seafarer_required
def photo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The re-encoded JPEG, for its owner only; no shared cache may keep it."""
    certificate = get_own_certificate(request.user, pk)
    photo = certificate.photo
    if not certificate.has_photo or photo is None:
        raise Http404
    response = HttpResponse(bytes(photo), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.pk}.jpg"'
    return response
