"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seafarers_home.settings")
django.setup(set_prefix=False)  # as django.core.asgi.get_asgi_application

# The middleware chain and the view in one thread hop (core/asgi_handler.py).
from seafarers_home.core.asgi_handler import OneHopASGIHandler  # noqa: E402

django_asgi_app = OneHopASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from seafarers_home.core.socket_busy import SocketBusyGuard  # noqa: E402
from seafarers_home.lib.gc_tuning import settle_heap  # noqa: E402
from seafarers_home.permissions.sockets import TwoFactorMiddleware  # noqa: E402
from seafarers_home.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Outermost: a socket that finds no pooled connection is told "busy", not 500.
        "websocket": SocketBusyGuard(
            AllowedHostsOriginValidator(
                # Inside the auth stack: the two-factor state needs the user and the session.
                AuthMiddlewareStack(TwoFactorMiddleware(URLRouter(websocket_urlpatterns)))
            )
        ),
    }
)


def serving_application() -> ProtocolTypeRouter:
    """The application as ``manage.py serve`` runs it (uvicorn's factory, once per server
    process): the URL configuration and every view imported, then the heap settled for a
    long-running process (lib/gc_tuning.py, GC_THRESHOLDS). Tests import ``application`` and
    keep Python's collector as it is."""
    from django.conf import settings
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view before the freeze
    settle_heap([int(value) for value in settings.GC_THRESHOLDS])
    return application
