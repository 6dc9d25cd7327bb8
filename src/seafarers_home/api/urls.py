"""The JSON API: OpenAPI at /api/openapi.json, browsable docs at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Seafarers' Home API",
    version="1.0.0",
    description="海员之家 API. Authenticate with `Authorization: Bearer <token>` "
    "from POST /api/v1/auth/token.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
