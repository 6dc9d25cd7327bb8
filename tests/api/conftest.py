from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import ApiToken, User
from tests.personas import World


def make_token(
    user: User, *, expires_in: timedelta = timedelta(days=30), revoked: bool = False
) -> str:
    """A bearer token row as the token endpoint stores it: only the hash is kept."""
    plaintext = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        name="test",
        prefix=plaintext[:8],
        key_hash=ApiToken.hash_key(plaintext),
        expires_at=timezone.now() + expires_in,
        revoked_at=timezone.now() if revoked else None,
    )
    return plaintext


@pytest.fixture
def token_for(world: World) -> Callable[..., str]:
    def make(name: str, **kwargs: object) -> str:
        return make_token(world.persona(name), **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def bearer(token_for: Callable[..., str]) -> Callable[[str], Client]:
    """bearer("seafarer") -> a Client without cookies that sends the persona's token."""

    def make(name: str) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(name)}")

    return make
