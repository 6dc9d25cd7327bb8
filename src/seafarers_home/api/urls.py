"""The JSON API: OpenAPI at /api/openapi.json, browsable docs at /api/docs.

Every operation needs a bearer token or a signed-in browser session unless it says otherwise
(the token endpoint). The docs page loads Swagger UI from our own static files: no CDN.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from seafarers_home.api.auth import bearer_auth, session_auth
from seafarers_home.api.errors import install_exception_handlers
from seafarers_home.api.token import router as token_router

api = NinjaAPI(
    title="Seafarers' Home API",
    version="1.0.0",
    description="海员之家 API. Authenticate with `Authorization: Bearer <token>` "
    "from POST /api/v1/auth/token, or with the browser session (unsafe methods then need "
    'the `X-CSRFToken` header). Errors are `{"detail", "code"}`; validation errors (422) '
    "list the fields in `detail`.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    # validatorUrl: Swagger UI would otherwise ask validator.swagger.io about our schema.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    auth=[bearer_auth, session_auth],
)
install_exception_handlers(api)

# The apps' routers are named by dotted path, as Django's include() names an app's URLs: each
# app imports the API framework (auth, errors), so the framework must not import the apps.
api.add_router("/v1/auth/", token_router)
api.add_router("/v1/", "seafarers_home.organisations.api_me.router")
api.add_router("/v1/organisations/", "seafarers_home.organisations.api.router")
api.add_router("/v1/", "seafarers_home.screening.api.router")
api.add_router("/v1/", "seafarers_home.consultations.api_room.router")
api.add_router("/v1/", "seafarers_home.consultations.api.router")
api.add_router("/v1/", "seafarers_home.inquiries.api.router")
api.add_router("/v1/", "seafarers_home.rights.api.router")
api.add_router("/v1/", "seafarers_home.hotline.api.router")
api.add_router("/v1/", "seafarers_home.incidents.api.router")
api.add_router("/v1/", "seafarers_home.jobs.api.router")
api.add_router("/v1/", "seafarers_home.activities.api.router")
api.add_router("/v1/", "seafarers_home.courses.api.router")
api.add_router("/v1/", "seafarers_home.certificates.api.router")
