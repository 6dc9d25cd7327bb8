"""Which records an API caller may see. The scoping rules are the web pages' own
(``seafarers_home.organisations.access``); only the refusal differs, see below."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import User
from seafarers_home.api.errors import ApiError
from seafarers_home.organisations.access import visible_company_ids
from seafarers_home.organisations.models import Vessel


def get_vessels_for_user(user: User) -> QuerySet[Vessel]:
    """Union staff and administrators see every vessel; a company officer sees only their own
    company's. Everybody else gets 403: for a whole collection a refusal reveals nothing about
    another company (single records still answer 404 across companies)."""
    company_ids = visible_company_ids(user)
    if company_ids == []:
        raise ApiError(
            403,
            "permission_denied",
            _("只有工会工作人员、管理员和企业专员可以查看船舶列表。"),
        )
    vessels = Vessel.objects.select_related("company").order_by("name", "pk")
    return vessels if company_ids is None else vessels.filter(company_id__in=company_ids)
