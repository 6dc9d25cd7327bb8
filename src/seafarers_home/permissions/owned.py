"""A seafarer's own row, or 404: the one way the access helpers read "mine" (a screening, a
question, a certificate, a device). Anyone else's row and a row that does not exist answer
the same, so that nobody learns that it exists."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.http import Http404

from seafarers_home.lib.one_row import one_or_none
from seafarers_home.permissions.roles import Predicate, is_signed_in

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User

M = TypeVar("M", bound=models.Model)


def own_or_404(
    model: type[M], user: User | AnonymousUser, pk: int, *, may: Predicate = is_signed_in
) -> M:
    """Row ``pk`` of ``model`` whose ``seafarer`` is ``user``, who must pass ``may``. Nothing
    joined: the owner's pages show their own rows, not the related ones."""
    if not may(user):
        raise Http404
    found = one_or_none(model._default_manager.filter(pk=pk, seafarer_id=user.pk))
    if found is None:
        raise Http404
    return found
