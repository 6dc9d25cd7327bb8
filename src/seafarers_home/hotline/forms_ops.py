from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import Role, User
from seafarers_home.core import inputs
from seafarers_home.core.widgets import DATETIME_INPUT_FORMATS, IsoDateTimeInput
from seafarers_home.hotline.models import HotlineShift

DT_WIDGET = IsoDateTimeInput()
DT_FORMATS = DATETIME_INPUT_FORMATS


class ShiftForm(forms.Form):
    person = forms.ModelChoiceField(label=_("人员"), queryset=User.objects.none())
    kind = forms.ChoiceField(label=_("岗位"), choices=HotlineShift.Kind.choices)
    starts_at = inputs.DateTimeField(label=_("开始"), widget=DT_WIDGET, input_formats=DT_FORMATS)
    ends_at = inputs.DateTimeField(label=_("结束"), widget=DT_WIDGET, input_formats=DT_FORMATS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            User.objects.filter(
                role_grants__role__in=[Role.COUNSELLOR, Role.CLINICIAN], is_active=True
            )
            .distinct()
            .order_by("display_name")
        )
