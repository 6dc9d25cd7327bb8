"""GET/PATCH /api/v1/me: the signed-in person's own account and seafarer profile (never health
data). Here rather than in accounts: the answer includes the profile (company, vessel), and
organisations sits above accounts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja import Router

from seafarers_home.accounts.actions import do_update_profile
from seafarers_home.accounts.models import User
from seafarers_home.api.errors import ApiError, error_responses
from seafarers_home.api.requests import AuthenticatedApiRequest
from seafarers_home.organisations.api_schemas import MeOut, MePatchIn
from seafarers_home.organisations.models import SeafarerProfile

router = Router(tags=["me"])


def me_payload(user: User) -> dict:
    grants = user.role_grants.select_related("organisation").order_by("role", "pk")
    profile = (
        SeafarerProfile.objects.select_related("company", "current_vessel")
        .filter(user=user)
        .first()
    )
    return {
        "id": user.pk,
        "display_name": user.display_name,
        "phone_masked": user.masked_phone,
        "preferred_language": user.preferred_language,
        "time_zone": user.time_zone,
        "roles": [
            {
                "role": grant.role,
                "label": str(grant.get_role_display()),
                "organisation": grant.organisation,
            }
            for grant in grants
        ],
        "seafarer_profile": profile
        and {
            "real_name": profile.real_name,
            "rank": profile.rank,
            "rank_label": str(profile.get_rank_display()),
            "company": profile.company,
            "current_vessel": profile.current_vessel,
        },
    }


@router.get(
    "/me", response={200: MeOut, **error_responses(401)}, summary="My account", url_name="me"
)
def get_me(request: AuthenticatedApiRequest) -> dict:
    return me_payload(request.auth)


@router.patch(
    "/me",
    response={200: MeOut, **error_responses(400, 401, 403, 422)},
    summary="Change my settings",
)
def patch_me(request: AuthenticatedApiRequest, payload: MePatchIn) -> dict:
    user = request.auth
    try:
        do_update_profile(user, request=request, **payload.model_dump(exclude_unset=True))
    except ValidationError as exc:
        raise ApiError(400, "invalid", " ".join(exc.messages)) from exc
    return me_payload(user)
