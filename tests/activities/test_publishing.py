"""Publishing an activity: the organiser's form, bad input, pictures, and who sees what."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from seafarers_home.activities.models import Activity
from tests.personas import World

pytestmark = pytest.mark.django_db


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (2000, 1000), (10, 90, 160)).save(out, "PNG")
    return SimpleUploadedFile("poster.png", out.getvalue(), content_type="image/png")


def _form(**changes: Any) -> dict[str, Any]:
    form = {
        "title": "心理团建:远洋归来",
        "description": "与医院医生一起的船员心理团建。",
        "kind": "wellbeing",
        "place": "海员之家二楼",
        "starts_at": "2030-03-10T09:00",
        "ends_at": "2030-03-10T11:30",
        "signup_deadline": "2030-03-09T18:00",
        "capacity": "12",
        "audience": "families",
        "max_guests": "2",
        "key": "publish-key-1",
    }
    form.update(changes)
    return form


def test_union_staff_publish_once_in_their_zone_with_a_reencoded_picture(
    world: World, client_for
) -> None:
    client = client_for("union_staff")
    response = client.post("/activities/manage/new/", {**_form(), "picture": _png()})
    assert response.status_code == 302
    again = client.post("/activities/manage/new/", {**_form(), "picture": _png()})
    assert again.status_code == 302 and again["Location"] == response["Location"]
    activity = Activity.objects.get()
    # Typed as Beijing time (the union staff's zone), stored in UTC.
    assert activity.starts_at.isoformat() == "2030-03-10T01:00:00+00:00"
    assert activity.organisation == world.union and activity.max_guests == 2
    assert bytes(activity.picture)[:2] == b"\xff\xd8" and activity.picture_width == 1024
    seafarer = client_for("seafarer")
    html = seafarer.get("/activities/").content.decode()
    assert "心理团建:远洋归来" in html and "2030-03-10 09:00" in html
    picture = seafarer.get(f"/activities/{activity.pk}/picture.jpg")
    assert picture["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"capacity": "0"}, "名额至少为 1 人。"),
        ({"capacity": "-5"}, "名额至少为 1 人。"),
        ({"ends_at": "2030-03-10T08:00"}, "结束时间必须晚于开始时间。"),
        ({"signup_deadline": "2030-03-11T08:00"}, "报名截止不能晚于开始时间。"),
        ({"starts_at": "2020-03-10T09:00", "ends_at": "2020-03-10T10:00"}, "开始时间必须在将来。"),
        ({"audience": "company"}, "面向本企业船员的活动请选择企业。"),
        ({"picture": SimpleUploadedFile("x.jpg", b"%PDF-1.4 not a photo")}, "不是可以识别的照片"),
        (
            {"picture": SimpleUploadedFile("big.jpg", b"\xff\xd8" + bytes(10 * 1024 * 1024))},
            "照片太大",
        ),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_stored(
    client_for, changes: dict[str, Any], error: str
) -> None:
    response = client_for("union_staff").post("/activities/manage/new/", _form(**changes))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Activity.objects.exists()


def test_a_company_officer_publishes_for_their_own_crews_only(world: World, client_for) -> None:
    officer = client_for("officer_a")
    form = _form(audience="company", kind="culture", key="officer-key")
    assert officer.post("/activities/manage/new/", form).status_code == 302
    activity = Activity.objects.get()
    assert activity.organisation == world.company_a and activity.company == world.company_a
    assert officer.get(f"/activities/manage/{activity.pk}/").status_code == 200
    # Another company's officer and the union's staff do not see it among theirs.
    assert client_for("officer_b").get(f"/activities/manage/{activity.pk}/").status_code == 404
    assert client_for("union_staff").get(f"/activities/manage/{activity.pk}/").status_code == 404
    # Company A's seafarer sees it; company B's does not.
    assert client_for("seafarer").get(f"/activities/{activity.pk}/").status_code == 200
    other = client_for("seafarer_b")
    assert other.get(f"/activities/{activity.pk}/").status_code == 404
    assert "心理团建" not in other.get("/activities/").content.decode()
