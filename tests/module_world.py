"""The settings every test runs with, and what a module-scoped world needs besides.

tests/conftest.py applies the settings in autouse fixtures, per test. ``module_world`` (also
in tests/conftest.py) is built before any of those run, so it and the module-scoped fixtures
built on it (signed-in sessions, a consent) write through ``writes()``: the database
unblocked and the same settings applied."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db.models import Model
from django.test import override_settings

from tests.personas import World

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUDIT_TEST_SETTINGS: dict[str, Any] = {
    "AUDIT_HMAC_KEY": "test-audit-chain-key-0123456789abcdef",
    # Each transaction chains its own rows as it commits, so a test reads a linked chain right
    # after the request; tests/audit/test_background_chaining.py runs the chaining thread.
    "AUDIT_CHAIN_IN_BACKGROUND": False,
}


@contextmanager
def writes(django_db_blocker: Any, checkpoints: Path) -> Iterator[None]:
    """Database access with the tests' settings, outside any test."""
    test_settings = override_settings(
        PASSWORD_HASHERS=FAST_PASSWORD_HASHERS,
        AUDIT_CHECKPOINT_PATH=checkpoints,
        **AUDIT_TEST_SETTINGS,
    )
    with django_db_blocker.unblock(), test_settings:
        yield


def fresh_view_of(world: World) -> World:
    """The module world for one more test: what an earlier test's ORM calls cached on its
    objects (a related row that test created and rolled back) is forgotten."""
    for value in vars(world).values():
        if isinstance(value, Model):
            value._state.fields_cache.clear()
            value.__dict__.pop("_prefetched_objects_cache", None)
    return world
