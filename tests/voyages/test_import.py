"""Crew-list CSV import: UTF-8 and GBK, every bad row reported, nothing half-imported."""

from __future__ import annotations

from django.urls import reverse

from seafarers_home.audit.models import AuditEvent
from seafarers_home.voyages.models import CareTask, Voyage
from tests.voyages.conftest import add_seafarer, days, record, upload

URL = reverse("voyages:import")


def post(client, data: bytes):
    return client.post(URL, {"crew_list": upload(data)})


def test_it_imports_a_utf8_file_with_bom_as_one_crew_batch(consenting, client_for) -> None:
    world = consenting
    add_seafarer("13900000301", "张三", world.company_a, book="SB3000301")
    start, end = days(10), days(100)
    data = (
        "\ufeffphone,seafarers_book_number,registration_number,planned_departure,expected_return\n"
        f"13800000001,,ZS-A-0001,{start},{end}\n"
        f",SB3000301,ZS-A-0001,{start},{end}\n"
    ).encode()
    response = post(client_for("officer_a"), data)
    voyages = list(Voyage.objects.all())
    assert len(voyages) == 2
    assert {v.source for v in voyages} == {Voyage.Source.IMPORT}
    assert len({v.crew_batch for v in voyages}) == 1
    assert response.status_code == 302
    assert response["Location"] == reverse("voyages:readiness", args=[voyages[0].crew_batch])
    assert AuditEvent.objects.filter(action="voyages.import").count() == 1


def test_it_imports_a_gbk_file_from_excel_with_chinese_headers(consenting, client_for) -> None:
    world = consenting
    add_seafarer("13900000301", "张三", world.company_a, book="SB3000301")
    start, end = days(10), days(100)
    slash = f"{start.year}/{start.month}/{start.day}"  # as Excel writes dates
    data = (
        "姓名,海员证号,船舶登记号,计划出海日期,预计归港日期\r\n"
        f"王海,SB0000001,ZS-A-0001,{slash},{end}\r\n"
        f"张三,SB3000301,ZS-A-0001,{slash},{end}\r\n"
        ",,,,\r\n"
    ).encode("gbk")
    response = post(client_for("officer_a"), data)
    assert response.status_code == 302
    assert set(Voyage.objects.values_list("planned_departure", flat=True)) == {start}
    assert Voyage.objects.count() == 2


def test_it_reports_every_bad_row_and_imports_nothing(consenting, client_for) -> None:
    world = consenting
    add_seafarer("13900000301", "张三", world.company_a, book="SB3000301")
    add_seafarer("13900000302", "无同意", world.company_a, book="SB3000302", consent=False)
    add_seafarer("13900000303", "赵六", world.company_a, book="SB3000303")
    add_seafarer("13900000304", "钱七", world.company_a, book="SB3000304")
    record(world.seafarer, world, start=50, end=80)  # already recorded for 王海
    a, b = days(10), days(100)
    data = (
        "海员证号,手机号,船舶登记号,计划出海日期,预计归港日期\n"
        f"SB3000301,,ZS-A-0001,{a},{b}\n"  # 2: fine
        f"SB9999999,,ZS-A-0001,{a},{b}\n"  # 3: unknown seafarer
        f"SB3000303,,ZS-X-9999,{a},{b}\n"  # 4: unknown vessel
        f"SB3000304,,ZS-A-0001,2026-02-30,{b}\n"  # 5: no such date
        f"SB3000304,,ZS-A-0001,{b},{a}\n"  # 6: return before departure
        f"SB0000001,,ZS-A-0001,{a},{b}\n"  # 7: overlaps 王海's recorded voyage
        f"SB3000302,,ZS-A-0001,{a},{b}\n"  # 8: no health consent
        f",13800000011,ZS-A-0001,{a},{b}\n"  # 9: 李强 is company B's
        f"SB3000303,,ZS-B-0008,{a},{b}\n"  # 10: company B's vessel
        f"SB3000301,,ZS-A-0001,{days(50)},{days(60)}\n"  # 11: overlaps row 2
    ).encode()
    tasks_before = CareTask.objects.count()
    response = post(client_for("officer_a"), data)
    assert response.status_code == 422
    html = response.content.decode()
    expected = {
        3: "在本企业的海员中找不到此人。",
        4: "找不到这艘船:请核对船舶登记号。",
        5: "计划出海日期“2026-02-30”不是有效日期",
        6: "预计归港日期不能早于计划出海日期。",
        7: "与这位海员已登记的另一个航次",
        8: "这位海员还没有同意处理其心理健康数据",
        9: "在本企业的海员中找不到此人。",
        10: "这艘船不属于本企业。",
        11: "与第 2 行是同一位海员,航次时间重叠。",
    }
    for row, message in expected.items():
        assert f"<td>第 {row} 行</td><td>{message}" in html, row
    assert "第 2 行</td>" not in html
    assert Voyage.objects.count() == 1  # only 王海's earlier voyage
    assert CareTask.objects.count() == tasks_before
    assert not AuditEvent.objects.filter(action="voyages.import").exists()


def test_it_tells_union_staff_about_unknown_people_plainly(consenting, client_for) -> None:
    data = (
        f"手机号,船舶登记号,计划出海日期,预计归港日期\n13999999999,ZS-B-0008,{days(1)},{days(9)}\n"
    )
    response = post(client_for("union_staff"), data.encode("gbk"))
    assert response.status_code == 422
    assert "找不到此海员:请核对海员证号或手机号码。" in response.content.decode()
    assert not Voyage.objects.exists()


def test_it_refuses_a_file_without_the_needed_columns(consenting, client_for) -> None:
    response = post(client_for("officer_a"), b"phone,vessel\n13800000001,ZS-A-0001\n")
    assert response.status_code == 422
    assert "第一行须是表头" in response.content.decode()
    response = post(client_for("officer_a"), b"\xff\xfe\x00bad")
    assert "无法读取文件" in response.content.decode()
    assert not Voyage.objects.exists()


def test_it_lets_union_staff_import_across_companies_in_batches(consenting, client_for) -> None:
    a, b = days(3), days(30)
    data = (
        "phone,registration_number,planned_departure,expected_return\n"
        f"13800000001,ZS-A-0001,{a},{b}\n"
        f"13800000011,ZS-B-0008,{a},{b}\n"
    ).encode()
    response = post(client_for("union_staff"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("voyages:list")
    assert Voyage.objects.values("crew_batch").distinct().count() == 2


def test_it_records_nothing_twice_when_the_same_list_comes_again(consenting, client_for) -> None:
    world = consenting
    add_seafarer("13900000301", "张三", world.company_a, book="SB3000301")
    a, b = days(10), days(100)
    data = f"海员证号,船舶登记号,计划出海日期,预计归港日期\nSB0000001,ZS-A-0001,{a},{b}\n".encode()
    assert post(client_for("officer_a"), data).status_code == 302
    # The link dropped; the officer uploads again, with one more person.
    data += f"SB3000301,ZS-A-0001,{a},{b}\n".encode()
    client = client_for("officer_a")
    response = post(client, data)
    assert response.status_code == 302
    told = client.get(response["Location"]).content.decode()
    assert "已导入 1 个航次;另有 1 个航次之前已经登记过,没有重复登记。" in told
    assert sorted(Voyage.objects.values_list("seafarer__phone", flat=True)) == [
        "13800000001",
        "13900000301",
    ]
    assert AuditEvent.objects.filter(action="voyages.record").count() == 2
