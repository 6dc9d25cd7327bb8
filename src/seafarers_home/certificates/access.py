"""Who may open which certificate: only the seafarer who holds it. Everyone else gets 404,
never 403, so nobody learns that a certificate exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seafarers_home.certificates.models import Certificate
from seafarers_home.permissions.owned import own_or_404
from seafarers_home.permissions.roles import is_seafarer

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def get_own_certificate(user: User | AnonymousUser, pk: int) -> Certificate:
    return own_or_404(Certificate, user, pk, may=is_seafarer)
