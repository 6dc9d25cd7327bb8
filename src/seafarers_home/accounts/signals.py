"""Open WebSockets follow the sign-in (core/socket_sessions.py). Signals rather than calls in
the services, because these changes also come from the admin (roles, deactivation),
``manage.py changepassword`` and ``logout()`` wherever it is called."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from seafarers_home.accounts.models import RoleGrant, User
from seafarers_home.core.socket_sessions import (
    end_session_sockets_on_commit,
    recheck_account_sockets_on_commit,
)


@receiver(user_logged_out, dispatch_uid="sockets_follow_logout")
def _close_sockets_of_session(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    # Sent before logout() flushes the session, so the key is still the signed-in one.
    session = getattr(request, "session", None)
    if session is not None:
        end_session_sockets_on_commit(session.session_key)


@receiver(post_save, sender=User, dispatch_uid="sockets_follow_user")
def _recheck_after_user_change(sender: Any, instance: User, **kwargs: Any) -> None:
    # Signing in only stamps last_login; anything else (password, is_active, admin flags) may
    # end access. A re-check costs one read per open socket of this person.
    if kwargs.get("created") or kwargs.get("update_fields") == frozenset({"last_login"}):
        return
    recheck_account_sockets_on_commit(instance.pk)


@receiver(post_save, sender=RoleGrant, dispatch_uid="sockets_follow_role_saved")
@receiver(post_delete, sender=RoleGrant, dispatch_uid="sockets_follow_role_deleted")
def _recheck_after_role_change(sender: Any, instance: RoleGrant, **kwargs: Any) -> None:
    recheck_account_sockets_on_commit(instance.user_id)
