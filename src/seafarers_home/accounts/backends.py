from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from seafarers_home.accounts.models import User


class PhonePasswordBackend(ModelBackend):
    """Phone number + password. Throttling lives in the login action, not here, so that the
    API and the browser share it."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        *,
        phone: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        # Our callers pass ``phone=``; Django's admin sign-in form passes ``username=``.
        phone = phone or username
        if not phone or not password:
            return None
        try:
            user = User.objects.get(phone=phone)
        except User.DoesNotExist:
            # Run the hasher anyway so that timing does not reveal which numbers exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
