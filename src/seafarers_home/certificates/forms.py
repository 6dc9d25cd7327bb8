"""The certificate form: parses what the seafarer typed; the rules that tie fields together
(a kind that expires needs an expiry date, expiry not before issue) are the action's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.certificates.actions import ISSUER_MAX, NUMBER_MAX
from seafarers_home.certificates.kinds import kind_choices
from seafarers_home.core.inputs import DateField


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("证书种类"), choices=kind_choices)
    number = forms.CharField(label=_("证书编号"), max_length=NUMBER_MAX)
    issuer = forms.CharField(label=_("签发机构"), max_length=ISSUER_MAX)
    issued_on = DateField(label=_("签发日期"))
    expires_on = DateField(label=_("有效期至"), required=False, help_text=_("长期有效的证书不填。"))
    photo = forms.FileField(
        label=_("证书照片"),
        required=False,
        help_text=_("可选。照片会压缩并去掉拍摄信息,只有您自己能看到。"),
    )

    def values(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            name: data.get(name) for name in ("kind", "number", "issuer", "issued_on", "expires_on")
        }


class EditCertificateForm(CertificateForm):
    remove_photo = forms.BooleanField(label=_("删除现有照片"), required=False)
