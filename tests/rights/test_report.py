"""A seafarer reports a case: the category's fields from the data file, checked; a draft kept
between sessions; one case however often the form is resent; evidence re-encoded or checked."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.rights.categories import CategoryFileError, imo_is_valid, parse_categories
from seafarers_home.rights.models import Evidence, RightsCase, Status
from tests.personas import World, login
from tests.rights.conftest import BAD_IMO, GOOD_IMO, PDF_BYTES, jpeg_bytes, open_case, wage_post

REPORT = "/rights/new/wage_arrears/"


@pytest.fixture
def seafarer(world: World) -> Client:
    return login(Client(), world.seafarer)


def test_the_form_shows_the_category_fields_from_the_data_file(seafarer: Client) -> None:
    page = seafarer.get(REPORT).content.decode()
    for name in ("f_employer", "f_imo", "f_months_owed", "f_amount_owed_currency"):
        assert f'name="{name}"' in page
    assert "f_injury_date" not in page
    assert seafarer.get("/rights/new/no_such_thing/").status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("imo", BAD_IMO, "校验位"),
        ("amount_owed", "-5", "负数"),
        ("amount_owed", "12.345", "两位小数"),
        ("amount_owed_currency", "XYZ", "币种"),
        ("known_date", "2099-01-01", "晚于今天"),
        ("contract_end", "2025-01-01", "不能早于"),
        ("months_owed", "", "必须填写"),
        ("months_owed", "-3", "请填写 1 到 120 之间的数"),  # an integer, out of range
        ("months_owed", "三", "请填写整数"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_stored(
    world: World, seafarer: Client, field: str, value: str, error: str
) -> None:
    response = seafarer.post(REPORT, wage_post(**{field: value}))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not RightsCase.objects.exists()


def test_a_contract_still_running_may_end_after_today(seafarer: Client) -> None:
    """Unpaid wages are usually owed on a contract that has not ended: its end date lies ahead.
    The dates of what happened (known_date) may still not."""
    ends = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    running = wage_post(contract_start="2026-03-01", contract_end=ends)
    assert seafarer.post(REPORT, running).status_code == 302
    case = RightsCase.objects.get()
    assert case.details["contract_end"] == ends
    assert seafarer.get(f"/rights/{case.pk}/").status_code == 200  # its time limits drawn
    assert seafarer.post(REPORT, wage_post(key="k2", contract_end="2999-01-01")).status_code == 400


def test_a_refused_report_says_its_chosen_files_were_not_kept(seafarer: Client) -> None:
    data = wage_post(imo=BAD_IMO)
    data["files"] = [SimpleUploadedFile("wage.jpg", jpeg_bytes(), content_type="image/jpeg")]
    response = seafarer.post(REPORT, data)
    assert response.status_code == 400
    assert "您选的 1 个文件还没有保存" in response.content.decode()
    assert not Evidence.objects.exists()
    assert "文件还没有保存" not in seafarer.post(REPORT, wage_post(imo=BAD_IMO)).content.decode()


def test_the_imo_check_digit() -> None:
    assert imo_is_valid(GOOD_IMO) and not imo_is_valid(BAD_IMO)
    assert not imo_is_valid("907472") and not imo_is_valid("IMO9074729")


def test_a_resent_report_opens_one_case(world: World, seafarer: Client) -> None:
    first = seafarer.post(REPORT, wage_post(key="same"))
    again = seafarer.post(REPORT, wage_post(key="same"))
    case = RightsCase.objects.get()
    assert first["Location"] == again["Location"] == f"/rights/{case.pk}/"
    assert case.status == Status.RECEIVED
    assert case.details["amount_owed"] == "36000.50" and case.details["imo"] == GOOD_IMO
    # The same key with other content is not a resend: nothing changes.
    changed = seafarer.post(REPORT, wage_post(key="same", months_owed="4"))
    assert changed.status_code == 200 and RightsCase.objects.count() == 1


def test_a_draft_waits_for_the_next_session_and_becomes_the_case(
    world: World, seafarer: Client
) -> None:
    partial = wage_post(action="draft", months_owed="", amount_owed="")
    assert seafarer.post(REPORT, partial).status_code == 302
    draft = RightsCase.objects.get()
    assert draft.status == Status.DRAFT
    later = login(Client(), world.seafarer)
    assert "公司拖欠三个月工资" in later.get(REPORT).content.decode()
    # A draft is the seafarer's alone: the union's queue does not see it.
    assert later.get(f"/rights/{draft.pk}/")["Location"] == REPORT
    later.post(REPORT, wage_post(key="final"))
    case = RightsCase.objects.get()
    assert case.pk == draft.pk and case.status == Status.RECEIVED


def test_a_draft_still_checks_what_is_filled_in(seafarer: Client) -> None:
    response = seafarer.post(REPORT, wage_post(action="draft", imo=BAD_IMO))
    assert response.status_code == 400 and not RightsCase.objects.exists()


def test_evidence_photos_are_reencoded_and_pdfs_checked(world: World, seafarer: Client) -> None:
    data = wage_post()
    data["files"] = [
        SimpleUploadedFile("wage.jpg", jpeg_bytes(), content_type="image/jpeg"),
        SimpleUploadedFile("contract.pdf", PDF_BYTES, content_type="application/pdf"),
    ]
    assert seafarer.post(REPORT, data).status_code == 302
    case = RightsCase.objects.get()
    photo = Evidence.objects.get(case=case, kind="photo")
    pdf = Evidence.objects.get(case=case, kind="pdf")
    assert bytes(pdf.content) == PDF_BYTES
    response = seafarer.get(f"/rights/{case.pk}/evidence/{photo.pk}/")
    assert response["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(response.content))
    assert max(image.size) <= 1024 and 0x0110 not in image.getexif()
    download = seafarer.get(f"/rights/{case.pk}/evidence/{pdf.pk}/")
    assert download["Content-Disposition"].startswith("attachment")
    # Another seafarer gets 404 on the file and the case.
    other = login(Client(), world.seafarer_b)
    assert other.get(f"/rights/{case.pk}/evidence/{pdf.pk}/").status_code == 404
    assert other.get(f"/rights/{case.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("fake.pdf", b"just some text pretending", "只能上传照片"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj<<>>", "不完整"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024) + b"\n%%EOF", "5 MB"),
    ],
)
def test_bad_files_are_refused(seafarer: Client, name: str, content: bytes, error: str) -> None:
    data = wage_post()
    data["files"] = [SimpleUploadedFile(name, content, content_type="application/pdf")]
    response = seafarer.post(REPORT, data)
    assert response.status_code == 400 and error in response.content.decode()
    assert not RightsCase.objects.exists() and not Evidence.objects.exists()


def test_urgent_abandonment_shows_what_to_do_now(world: World, seafarer: Client) -> None:
    assert "12395" in seafarer.get("/rights/new/abandonment/").content.decode()
    data = {
        "f_port": "吉布提港外锚地",
        "f_supplies": "none",
        "f_known_date": "2026-11-01",
        "summary": "船东失联,船上没吃的了",
        "description": "船东两个月联系不上,淡水和食物都没有了,船停在锚地。",
        "key": "abandon",
        "action": "submit",
    }
    response = seafarer.post("/rights/new/abandonment/", data)
    case = RightsCase.objects.get()
    assert case.urgent
    assert "12395" in seafarer.get(response["Location"]).content.decode()


def test_a_malformed_categories_file_stops_the_start_up() -> None:
    good = {
        "version": "1",
        "review_zh": "待审",
        "review_en": "to review",
        "currencies": ["CNY"],
        "common_fields": [],
        "categories": [
            {
                "code": "other",
                "label_zh": "其他",
                "label_en": "Other",
                "blurb_zh": "其他",
                "blurb_en": "Other",
                "limitations": [
                    {
                        "code": "civil",
                        "label_zh": "时效",
                        "label_en": "Limit",
                        "years": 3,
                        "from_field": "known_date",
                        "source_zh": "民法典",
                        "source_en": "Civil Code",
                    }
                ],
            }
        ],
    }
    with pytest.raises(CategoryFileError, match="from_field"):
        parse_categories(good)
    good["categories"][0]["limitations"] = []
    good["currencies"] = ["cny"]
    with pytest.raises(CategoryFileError, match="currencies"):
        parse_categories(good)


def test_words_of_crisis_show_the_crisis_help_at_once(world: World, seafarer: Client) -> None:
    data = wage_post(key="crisis")
    data["description"] = "工资一直不发,家里等着用钱,我真的不想活了,每天晚上都睡不着。"
    response = seafarer.post(REPORT, data)
    page = seafarer.get(response["Location"]).content.decode()
    assert "担心您的安全" in page and "12356" in page
    calm = login(Client(), world.seafarer_b)
    calm.post(REPORT, wage_post(key="calm"))
    case = RightsCase.objects.get(seafarer=world.seafarer_b)
    assert (
        case.red_flags == []
        and "担心您的安全" not in calm.get(f"/rights/{case.pk}/").content.decode()
    )
    # The crisis words page the on-duty clinician (one alert, none for the calm case); the
    # alert's page names the signals, not the case's story, which stays with legal workers.
    alert = CrisisAlert.objects.get()
    assert (alert.source, alert.seafarer_id) == ("rights", world.seafarer.pk)
    alert_page = client_for_clinician(world).get(f"/alerts/{alert.pk}/").content.decode()
    assert "维权案件" in alert_page and "家里等着用钱" not in alert_page


def test_crisis_words_in_a_later_message_page_the_clinician(world: World, seafarer: Client) -> None:
    case = open_case(world.seafarer)
    assert not CrisisAlert.objects.exists()
    seafarer.post(f"/rights/{case.pk}/reply/", {"body": "钱要不回来,我不想活了。", "key": "m1"})
    seafarer.post(f"/rights/{case.pk}/reply/", {"body": "钱要不回来,我不想活了。", "key": "m1"})
    assert CrisisAlert.objects.filter(source="rights", source_id=str(case.pk)).count() == 1


def client_for_clinician(world: World) -> Client:
    return login(Client(), world.clinician)
