"""Forms of legal consultations: the seafarer's booking and the legal worker's call log."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.consultations.services import REASON_MAX_LENGTH

CALL_LOG_MAX_LENGTH = 2000


class _Keyed(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class LegalBookForm(_Keyed):
    """``cases``: (pk, label) of the seafarer's own submitted cases, to link one (optional)."""

    topic = forms.CharField(
        label=_("想咨询什么(只有接待您的法律工作者能看到)"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    case = forms.TypedChoiceField(
        label=_("关联我的维权案件(可不选)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, cases: list[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [("", _("不关联案件"))]
        self.fields["case"].choices = choices + [(pk, label) for pk, label in cases]


class CallLogForm(_Keyed):
    body = forms.CharField(
        label=_("通话记录(写入维权案件的时间线,海员看不到)"),
        max_length=CALL_LOG_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
