"""The password rules' words (AUTH_PASSWORD_VALIDATORS in settings)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with its refusal in our own catalogue: Django 5.2 reworded the message
    and its Chinese catalogue has no translation of the new wording, so the registration page
    said "This password is too short…" in English amid Chinese."""

    def get_error_message(self) -> str:
        return _("密码太短:至少需要 %(n)d 个字符。") % {"n": self.min_length}
