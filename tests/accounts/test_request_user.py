"""``request.user`` is the user itself, read once per request (accounts/middleware.py,
SignedInUserMiddleware), with Django's meaning unchanged: anonymous without a session, and
anonymous again once the account is deactivated."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from seafarers_home.accounts.models import User
from tests.personas import World, login


def test_it_is_the_signed_in_user_itself_not_a_lazy_proxy(world: World, client: Client):
    login(client, world.seafarer)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert type(user) is User and user.pk == world.seafarer.pk


def test_it_is_anonymous_without_a_session_and_after_the_account_is_deactivated(
    world: World, client: Client
):
    response = client.get(reverse("core:home"))
    assert type(response.wsgi_request.user) is AnonymousUser
    login(client, world.seafarer)
    User.objects.filter(pk=world.seafarer.pk).update(is_active=False)
    response = client.get(reverse("notifications:inbox"))
    assert type(response.wsgi_request.user) is AnonymousUser
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
