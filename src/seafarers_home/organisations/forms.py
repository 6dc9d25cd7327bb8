from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.organisations.actions import PROFILE_FIELDS, VESSEL_FIELDS
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel

# A name as papers print it: letters of any script (王海生, Juan dela Cruz) with the "·" of
# 买买提·艾力, spaces, "-", "'" and "."; at least two letters and no digits. "123", "!!!" or an
# emoji is no one's name, and a clinician calling back has to read it.
NAME = re.compile(r"(?:[^\W\d_]|[ ·'.\-])+\Z")
# The middle dots Chinese keyboards type between the parts of a name, as the one papers use.
MIDDLE_DOTS = str.maketrans(dict.fromkeys("•・‧∙⋅", "·"))
# A seafarer's book (海员证) number as printed: letters, digits and "-", with at least three
# digits (spaces typed between groups are dropped).
BOOK_NUMBER = re.compile(r"(?=(?:.*\d){3})[A-Z0-9][A-Z0-9-]{3,29}\Z")


def person_name(text: str) -> str:
    """``text`` as a person's name (full-width letters plain, one kind of middle dot, single
    spaces), or a translated ValidationError saying what a name may hold."""
    name = " ".join(unicodedata.normalize("NFKC", text).translate(MIDDLE_DOTS).split())
    letters = sum(1 for char in name if char.isalpha())
    if not NAME.match(name) or letters < 2:
        raise forms.ValidationError(
            _("请按证件填写姓名:汉字或字母,可以有“·”、空格和“-”,不能有数字或其他符号。"),
            code="person_name",
        )
    return name


class SeafarerProfileForm(forms.ModelForm):
    """A seafarer's own profile. Without JavaScript the vessel list cannot follow the company
    select, so it shows the vessels of the company already chosen (small pages over
    satellite), and clean() refuses a vessel of another company."""

    class Meta:
        model = SeafarerProfile
        fields = list(PROFILE_FIELDS)
        help_texts = {
            "company": _(
                "企业确认您是其船员后,您才会出现在企业的船员名单上。"
                "更换企业后请先保存,再选择新企业的船舶。"
            ),
            "emergency_contact_phone": _("11位中国大陆手机号码。"),
        }
        error_messages = {
            "seafarers_book_number": {"unique": _("这个海员证号已经登记在另一份档案里。")},
        }

    def __init__(self, *args: Any, first_step: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if first_step:
            # A new seafarer gives a name and rank first; the vessel and company come next, found
            # by search (my_vessel), not from a list of every company and an empty vessel list.
            del self.fields["company"], self.fields["current_vessel"]
            return
        company_field, vessel_field = self.fields["company"], self.fields["current_vessel"]
        # The model's foreign keys: the form made both ModelChoiceFields.
        assert isinstance(company_field, forms.ModelChoiceField)
        assert isinstance(vessel_field, forms.ModelChoiceField)
        company_field.queryset = Organisation.objects.filter(
            kind=Organisation.Kind.COMPANY
        ).order_by("name")
        vessel_field.queryset = Vessel.objects.select_related("company")
        # The company the seafarer chose, confirmed or still waiting for confirmation.
        company_id = (
            (self.instance.company_id or self.instance.pending_company_id)
            if self.instance.pk
            else None
        )
        self.initial["company"] = company_id
        vessels = (
            Vessel.objects.filter(company_id=company_id) if company_id else Vessel.objects.none()
        )
        vessel_field.choices = [("", "---------")] + [
            (vessel.pk, str(vessel)) for vessel in vessels.order_by("name")
        ]

    def clean_real_name(self) -> str:
        return person_name(self.cleaned_data["real_name"])

    def clean_emergency_contact_name(self) -> str:
        name = self.cleaned_data["emergency_contact_name"]
        return person_name(name) if name else name

    def clean_seafarers_book_number(self) -> str:
        typed = self.cleaned_data["seafarers_book_number"] or ""
        number = "".join(unicodedata.normalize("NFKC", typed).upper().split())
        if number and not BOOK_NUMBER.match(number):
            raise forms.ValidationError(
                _("海员证号只能有字母、数字和“-”,至少有3个数字,请按证件填写。"),
                code="book_number",
            )
        return number

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        company = cleaned.get("company")
        vessel = cleaned.get("current_vessel")
        if vessel is not None and (company is None or vessel.company_id != company.pk):
            self.add_error("current_vessel", _("这艘船不属于您选择的企业。"))
        return cleaned


class VesselForm(forms.ModelForm):
    class Meta:
        model = Vessel
        fields = list(VESSEL_FIELDS)
        error_messages = {
            "registration_number": {"unique": _("这个船舶登记号已经登记过了。")},
        }

    def clean_registration_number(self) -> str:
        # Full-width letters and digits (Ｚ０９ from a Chinese keyboard) as the plain ones.
        return unicodedata.normalize("NFKC", self.cleaned_data["registration_number"]).strip()

    def __init__(self, *args: Any, companies: list[Organisation] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # An officer acting for several companies chooses which one owns the new vessel.
        if companies is not None and len(companies) > 1:
            self.fields["owning_company"] = forms.ModelChoiceField(
                queryset=Organisation.objects.filter(pk__in=[c.pk for c in companies]),
                label=_("所属企业"),
            )


class CompanyFilterForm(forms.Form):
    company = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.COMPANY).order_by("name"),
        required=False,
        label=_("企业"),
        empty_label=_("全部企业"),
    )
