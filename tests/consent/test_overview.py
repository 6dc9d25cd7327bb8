from __future__ import annotations

from django.urls import reverse

URL = reverse("consent:overview")


def test_it_lists_each_kind_with_its_status_and_history(world, client_for):
    client = client_for("seafarer")
    client.post(reverse("consent:document", args=["terms"]), {"agree": "1", "version": 1})
    html = client.get(URL).content.decode()
    assert "海员之家服务条款" in html
    assert "已同意第 1 版" in html
    assert "健康入职结论提供同意书(可选)" in html
    assert html.count("未同意") == 2  # privacy was accepted on sign-up (personas)
    assert reverse("consent:withdraw", args=["terms"]) in html
    assert reverse("consent:withdraw", args=["health_data"]) not in html
    assert "历史记录" in html


def test_it_sends_anonymous_people_to_sign_in(world, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
