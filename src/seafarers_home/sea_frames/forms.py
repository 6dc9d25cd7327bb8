from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.sea_frames.models import Device, ShipLink


class DeviceForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=60, help_text=_("例如:驾驶台电脑、铱星终端"))
    kind = forms.ChoiceField(label=_("类型"), choices=Device.Kind.choices)
    callback_number = forms.CharField(
        label=_("船舶卫星电话(可不填)"),
        max_length=40,
        required=False,
        help_text=_("求助和回电请求可以让热线打这个号码。"),
    )


class ShipLinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("船上的通信方式"), choices=ShipLink.Kind.choices)
    unit = forms.ChoiceField(
        label=_("计价方式"),
        choices=[("", _("按工会参考价")), *ShipLink.Unit.choices],
        required=False,
    )
    price = forms.DecimalField(
        label=_("价格(元)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("99999"),
        decimal_places=3,
        help_text=_("不填则按工会参考价估算。"),
    )
    message_bytes = forms.IntegerField(
        label=_("每条可发字节数(按条计价时)"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("北斗全球短报文 70 字节,铱星短数据 340 字节。"),
    )
