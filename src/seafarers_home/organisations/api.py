"""GET /api/v1/organisations/vessels, scoped to what the caller may see. The scoping rules are
the web pages' own (``organisations.access``); only the refusal differs, see below."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from seafarers_home.accounts.models import User
from seafarers_home.api.errors import ApiError, error_responses
from seafarers_home.api.requests import AuthenticatedApiRequest
from seafarers_home.api.schemas import PageIn
from seafarers_home.organisations.access import visible_company_ids
from seafarers_home.organisations.api_schemas import VesselPage
from seafarers_home.organisations.models import Vessel

router = Router(tags=["organisations"])


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


@router.get(
    "/vessels",
    url_name="vessel_list",
    response={200: VesselPage, **error_responses(401, 403, 422)},
    summary="Vessels I may see",
    description="Union staff and administrators: all vessels. Company officers: their own "
    "company's vessels. Other roles: 403.",
)
def list_vessels(request: AuthenticatedApiRequest, page: Query[PageIn]) -> dict:
    vessels = get_vessels_for_user(request.auth)
    window = vessels[page.offset : page.offset + page.limit]
    return {
        "count": vessels.count(),
        "items": [
            {
                "id": v.pk,
                "name": v.name,
                "registration_number": v.registration_number,
                "kind": v.kind,
                "kind_label": str(v.get_kind_display()),
                "link_at_sea": v.link_at_sea,
                "link_at_sea_label": str(v.get_link_at_sea_display()),
                "company": v.company,
                "updated_at": v.updated_at,
            }
            for v in window
        ],
    }
