from __future__ import annotations

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.test import Client, RequestFactory
from django.views import defaults


@pytest.mark.django_db
def test_it_renders_the_500_page_without_the_database(django_assert_num_queries) -> None:
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务暂时出错" in html
    assert 'href="tel:12356"' in html


def test_it_renders_the_400_and_403_pages_in_chinese() -> None:
    request = RequestFactory().get("/")
    bad = defaults.bad_request(request, BadRequest())
    assert bad.status_code == 400
    assert "请求有误" in bad.content.decode()
    denied = defaults.permission_denied(request, PermissionDenied())
    assert denied.status_code == 403
    assert "无权访问" in denied.content.decode()


@pytest.mark.django_db
def test_it_explains_an_expired_form_in_chinese() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
