"""GET /api/v1/organisations/vessels, scoped to what the caller may see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from seafarers_home.api.access import get_vessels_for_user
from seafarers_home.api.errors import error_responses
from seafarers_home.api.schemas import PageIn, VesselPage

router = Router(tags=["organisations"])


@router.get(
    "/vessels",
    url_name="vessel_list",
    response={200: VesselPage, **error_responses(401, 403, 422)},
    summary="Vessels I may see",
    description="Union staff and administrators: all vessels. Company officers: their own "
    "company's vessels. Other roles: 403.",
)
def list_vessels(request: HttpRequest, page: Query[PageIn]) -> dict:
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
