"""Issue 16 item 19: 404, 403, 400 and 500 are the platform's own pages, translated, with the
crisis bar, with DEBUG off and on (the demo runs with DEBUG on): never Django's technical pages
with the URL list, the traceback or the settings."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.personas import World, login

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

HEADINGS = {
    404: ("页面不存在", "Page not found"),
    403: ("无权访问", "Access denied"),
    400: ("请求有误", "Bad request"),
    500: ("服务暂时出错", "Something went wrong"),
}
TECHNICAL = ("URLconf", "Traceback", "seafarers_home.urls", "test-errors/", "settings", "DEBUG")


def assert_own_page(response, status: int, language: str) -> None:
    assert response.status_code == status
    html = response.content.decode()
    chinese, english = HEADINGS[status]
    assert f"<h1>{chinese if language == 'zh-hans' else english}</h1>" in html, html[:600]
    assert 'class="crisis"' in html and 'href="tel:12356"' in html
    for word in TECHNICAL:
        assert word not in html, word


@pytest.fixture(autouse=True)
def default_language_afterwards():
    # A request in English leaves English active in this thread; later tests expect Chinese.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request: pytest.FixtureRequest, settings) -> bool:
    settings.DEBUG = request.param
    return request.param


@pytest.fixture(params=["zh-hans", "en"])
def language(request: pytest.FixtureRequest) -> str:
    return request.param


def client(language: str) -> Client:
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)


def test_a_path_that_matches_nothing_is_our_404(debug: bool, language: str) -> None:
    assert_own_page(client(language).get("/no-such-page/"), 404, language)


def test_a_view_that_finds_nothing_is_our_404(world: World, debug: bool, language: str) -> None:
    signed_in = login(client(language), world.clinician)
    assert_own_page(signed_in.get("/alerts/999999/"), 404, language)


def test_a_refusal_is_our_403(debug: bool, language: str) -> None:
    assert_own_page(client(language).get("/test-errors/denies/"), 403, language)


def test_a_suspicious_request_is_our_400(debug: bool, language: str) -> None:
    assert_own_page(client(language).get("/test-errors/suspicious/"), 400, language)


def test_a_request_for_another_host_is_our_400(debug: bool, language: str) -> None:
    # Refused in a middleware (CommonMiddleware asks for the host), before any view.
    response = client(language).get("/", HTTP_HOST="evil.example.com")
    assert_own_page(response, 400, language)


def test_a_bug_is_our_500_and_its_traceback_goes_to_the_log(
    debug: bool, language: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client(language).get("/test-errors/fails/")
    assert_own_page(response, 500, language)
    logged = [r for r in caplog.records if r.name == "django.request" and r.exc_info]
    assert logged and "a bug in a view" in str(logged[0].exc_info[1])
