"""The installable app (issue 14 items 1-2), server side: the manifest, the worker's headers
and scope, which pages the worker may keep and for whom, and a resend from the outbox."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from seafarers_home.inquiries.models import Question
from seafarers_home.offline.views import worker_script
from tests.inquiries_asking.conftest import BODY
from tests.personas import World, give_health_consent, login

META = re.compile(r'<meta name="offline" content="([^" ]+) ([01])"')


def _meta(response: Any) -> tuple[str, str]:
    found = META.search(response.content.decode())
    assert found is not None
    return found.group(1), found.group(2)


def test_the_manifest_names_the_app_and_its_icons(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    body = response.json()
    assert body["name"] == "海员之家" and body["start_url"] == "/" and body["scope"] == "/"
    assert body["display"] == "standalone" and body["theme_color"] == "#0b5c8a"
    assert {icon["sizes"] for icon in body["icons"]} == {"any", "192x192", "512x512"}
    page = client.get("/help/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    # The help page registers the worker; pages with forms stay free of any script.
    assert '<script src="/static/offline/outbox' in page
    assert "<script" not in client.get("/accounts/login/").content.decode()


def test_the_worker_is_served_from_the_root_for_the_whole_site(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    # Checked again at every update check, so a deployment reaches ships at their next link.
    assert response["Cache-Control"] == "no-cache"
    text = response.content.decode()
    assert "__" not in re.sub(r"/\*[\s\S]*?\*/", "", text)  # every placeholder filled in
    assert 'importScripts("/static/offline/outbox' in text
    # The same worker text for everyone: nothing of a person in it.
    assert worker_script() == text


def test_pages_say_for_whom_they_may_be_kept(world: World, client_for: Any) -> None:
    give_health_consent(world.consented_seafarer)
    anonymous = Client()
    assert _meta(anonymous.get("/help/")) == ("anon", "1")
    assert _meta(anonymous.get("/accounts/login/"))[1] == "0"

    first = login(Client(), world.consented_seafarer)
    scope, keep = _meta(first.get("/help/"))
    assert keep == "1" and scope.startswith("u") and "." in scope
    # Kept by the worker, but still never by the browser's own cache or a proxy.
    assert first.get("/voyages/care/tasks/")["Cache-Control"] == "private, no-store"
    assert _meta(first.get("/voyages/care/tasks/")) == (scope, "1")
    # A page not on the list (the profile) is not kept.
    assert _meta(first.get("/accounts/profile/")) == (scope, "0")

    # The same person in a new session: the same owner (their outbox), another page cache.
    again = login(Client(), world.consented_seafarer)
    scope_again, _ = _meta(again.get("/help/"))
    assert scope_again != scope and scope_again.split(".")[0] == scope.split(".")[0]
    # Another seafarer: another owner altogether.
    other = login(Client(), world.consented_seafarer_b)
    assert _meta(other.get("/help/"))[0].split(".")[0] != scope.split(".")[0]
    # Staff pages are never kept, not even the public ones.
    assert _meta(client_for("clinician").get("/help/")) == ("none", "0")
    assert _meta(client_for("officer_a").get("/help/")) == ("none", "0")


def test_a_question_resent_from_the_outbox_is_stored_once(world: World) -> None:
    give_health_consent(world.seafarer)
    client = login(Client(), world.seafarer)
    form = client.get("/inquiries/ask/").content.decode()
    key = re.search(r'name="key" value="([^"]+)"', form)
    assert key is not None
    data = {"key": key.group(1), "category": "physical", "title": "头疼睡不好", "body": BODY}
    headers = {"Idempotency-Key": key.group(1)}
    # The first send reached the server but the link dropped before the answer came back;
    # the outbox sends the same body with the same key again.
    first = client.post("/inquiries/ask/", data, headers=headers)
    second = client.post("/inquiries/ask/", data, headers=headers)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Question.objects.filter(seafarer=world.seafarer).count() == 1


def test_the_outbox_and_offline_pages_work_without_javascript(client: Client) -> None:
    outbox = client.get("/offline/outbox/")
    assert outbox.status_code == 200
    assert "发件箱需要浏览器打开 JavaScript" in outbox.content.decode()
    fallback = client.get("/offline/")
    assert fallback.status_code == 200 and "没有网络" in fallback.content.decode()
