"""Which pages the service worker may keep, and for whom.

Signed-in pages are ``Cache-Control: private, no-store`` (core/private_pages.py): a bridge
computer is shared, and the browser's own cache must never show one person's results to the
next. The service worker's Cache Storage ignores that header, so it keeps a page only when
the page itself says so, in ``<meta name="offline" content="SCOPE KEEP">`` (base template,
``{% offline_head %}``):

- ``SCOPE`` names the cache the page belongs to. A seafarer's is ``u<owner>.<session>``: the
  owner part is a keyed digest of the account (it also tags their outbox entries, so that one
  person's queued forms are never sent under another person's session), the session part a
  keyed digest of the session key. Signed out it is ``anon``; staff and company officers get
  ``none``. Whenever a page arrives with another scope than the last one (signed out, another
  person signed in, the session expired), the worker deletes every seafarer's page cache
  except the current one before it does anything else: sign-out clears the pages.
- ``KEEP`` is ``1`` only on the pages a seafarer needs at sea (``KEPT_PAGES``) and never for
  ``none``: staff pages are never kept. Signed out, only public pages are ever rendered, so a
  kept ``anon`` page (the crisis numbers, the breathing exercise) holds nothing personal.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from seafarers_home.permissions.roles import is_seafarer, is_signed_in, is_workspace_user

ANONYMOUS = "anon"
NOT_KEPT = "none"

# URL names of the pages kept offline once visited: crisis help, breathing and self-care
# lessons, the safe-home plan and care tasks, the person's own results, questions and rights
# cases, and the forms whose answers go through the outbox.
KEPT_PAGES = frozenset(
    {
        "core:home",
        "core:help",
        "core:health",
        "screening:start",
        "screening:history",
        "screening:result",
        "screening:take",
        "screening:training",
        "screening:breathe",
        "screening:lesson",
        "voyages:tasks",
        "voyages:safe_home",
        "voyages:mine",
        "inquiries:mine",
        "inquiries:ask",
        "inquiries:thread",
        "rights:home",
        "rights:case",
        "rights:learn",
        "rights:article",
        "activities:list",
        "activities:detail",
        "alerts:help_now_page",
        "offline:fallback",
        "offline:outbox",
    }
)


# Pages that load outbox.js: the hubs a seafarer opens (the start page is the installed app's
# start_url) and the outbox itself. Every other page works without any script.
SCRIPTED_PAGES = frozenset(
    {
        "core:home",
        "core:help",
        "core:health",
        "voyages:tasks",
        "inquiries:mine",
        "rights:home",
        "offline:fallback",
        "offline:outbox",
    }
)


def owner_of(user_pk: int) -> str:
    return "u" + salted_hmac("offline-owner", str(user_pk)).hexdigest()[:16]


def scope_of(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not is_signed_in(user):
        return ANONYMOUS
    if not is_seafarer(user) or is_workspace_user(user) or user.needs_two_factor:
        return NOT_KEPT
    session_key = request.session.session_key or ""
    return f"{owner_of(user.pk)}.{salted_hmac('offline-session', session_key).hexdigest()[:8]}"


def may_keep(request: HttpRequest, scope: str) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        scope != NOT_KEPT
        and request.method == "GET"
        and match is not None
        and match.view_name in KEPT_PAGES
    )


def has_script(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in SCRIPTED_PAGES
