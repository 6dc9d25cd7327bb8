"""The certificate wallet as personal data (PIPL arts. 45 and 47). Registered from
CertificatesConfig.ready(). Exported whole (the photo as its size: the page serves it);
erased whole, the training providers' records too (they keep their own completion lists)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from seafarers_home.certificates.models import Certificate
from seafarers_home.consent.personal_data import register_personal_data_type

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def export_certificates(user: User) -> list[dict[str, Any]]:
    return [
        {
            "kind": certificate.kind,
            "number": certificate.number,
            "issuer": certificate.issuer,
            "issued_on": certificate.issued_on.isoformat(),
            "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
            "issued_by_training_provider": certificate.from_provider,
            "photo_bytes": certificate.photo_byte_size,
            "recorded_at": certificate.created_at.isoformat(),
        }
        for certificate in Certificate.objects.filter(seafarer=user).defer("photo").order_by("pk")
    ]


def erase_certificates(user: User) -> None:
    Certificate.objects.filter(seafarer=user).delete()


def register_personal_data() -> None:
    register_personal_data_type(
        "certificates",
        gettext_lazy("证书夹"),
        export=export_certificates,
        erase=erase_certificates,
        help_text=gettext_lazy(
            "您记录的证书(种类、编号、签发机构、日期和照片),以及培训机构在您结业时发给您的"
            "证书记录。删除时全部删除。"
        ),
        models=("certificates.Certificate",),
    )
