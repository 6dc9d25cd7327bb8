"""The organiser's forms: publishing an activity and cancelling it. Times are typed in the
organiser's own zone (the active one) and stored in UTC."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seafarers_home.activities.actions.publishing import ActivityDetails
from seafarers_home.activities.models import Audience, Kind
from seafarers_home.core import inputs
from seafarers_home.core.widgets import DATETIME_INPUT_FORMATS, IsoDateTimeInput
from seafarers_home.inquiries.photos import PhotoError, ReencodedPhoto, reencode_photo
from seafarers_home.organisations.models import Organisation

MAX_CAPACITY = 5000
MAX_GUESTS = 5


def _when(label: Any) -> inputs.DateTimeField:
    return inputs.DateTimeField(
        label=label, widget=IsoDateTimeInput(), input_formats=DATETIME_INPUT_FORMATS
    )


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=80)
    description = forms.CharField(
        label=_("活动介绍"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    kind = forms.ChoiceField(label=_("类型"), choices=Kind.choices)
    online = forms.BooleanField(label=_("线上活动"), required=False)
    place = forms.CharField(
        label=_("地点或线上链接"),
        max_length=200,
        help_text=_("线下活动写地址,线上活动写会议链接或会议号。"),
    )
    starts_at = _when(_("开始时间"))
    ends_at = _when(_("结束时间"))
    signup_deadline = _when(_("报名截止"))
    capacity = forms.IntegerField(
        label=_("名额(人)"),
        help_text=_("同行家属也占名额。"),
        error_messages={"min_value": _("名额至少为 1 人。"), "max_value": _("名额最多 5000 人。")},
        min_value=1,
        max_value=MAX_CAPACITY,
    )
    audience = forms.ChoiceField(label=_("面向"), choices=Audience.choices)
    company = forms.ModelChoiceField(
        label=_("企业"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("面向本企业船员时选择。"),
    )
    max_guests = forms.IntegerField(
        label=_("每人可带家属人数"),
        min_value=0,
        max_value=MAX_GUESTS,
        initial=0,
        required=False,
        help_text=_("只对“海员及家属”活动有效。"),
    )
    picture = forms.FileField(label=_("图片(可选)"), required=False)

    def __init__(self, *args: Any, company: Organisation | None = None, **kwargs: Any) -> None:
        """``company``: an officer's own company, which every activity of theirs is for."""
        super().__init__(*args, **kwargs)
        self.fixed_company = company
        if company is not None:
            del self.fields["company"]
            audience = self.fields["audience"]
            assert isinstance(audience, forms.ChoiceField)
            audience.choices = [
                (Audience.COMPANY, _("本企业船员")),
                (Audience.FAMILIES, _("本企业船员及家属")),
            ]
        else:
            company_field = self.fields["company"]
            assert isinstance(company_field, forms.ModelChoiceField)
            company_field.queryset = Organisation.objects.filter(
                kind=Organisation.Kind.COMPANY
            ).order_by("name")
        self.reencoded: ReencodedPhoto | None = None

    def clean_picture(self) -> Any:
        upload = self.cleaned_data.get("picture")
        if upload:
            try:
                self.reencoded = reencode_photo(upload)
            except PhotoError as exc:
                raise forms.ValidationError(exc.message) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends, deadline = (
            data.get("starts_at"),
            data.get("ends_at"),
            data.get("signup_deadline"),
        )
        if starts and starts <= timezone.now():
            self.add_error("starts_at", _("开始时间必须在将来。"))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("结束时间必须晚于开始时间。"))
        if starts and deadline and deadline > starts:
            self.add_error("signup_deadline", _("报名截止不能晚于开始时间。"))
        audience = data.get("audience")
        if self.fixed_company is None and audience == Audience.COMPANY and not data.get("company"):
            self.add_error("company", _("面向本企业船员的活动请选择企业。"))
        if audience != Audience.FAMILIES:
            data["max_guests"] = 0
        elif not data.get("max_guests"):
            self.add_error("max_guests", _("海员及家属活动请填写每人可带家属人数。"))
        return data

    def details(self) -> ActivityDetails:
        data = self.cleaned_data
        company = self.fixed_company
        if company is None and data["audience"] == Audience.COMPANY:
            company = data["company"]
        return ActivityDetails(
            title=data["title"].strip(),
            description=data["description"].strip(),
            kind=data["kind"],
            online=data["online"],
            place=data["place"].strip(),
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            signup_deadline=data["signup_deadline"],
            capacity=data["capacity"],
            audience=data["audience"],
            company=company,
            max_guests=data["max_guests"] or 0,
        )


class CancelActivityForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"), max_length=200, help_text=_("会发给所有报名的海员。")
    )
