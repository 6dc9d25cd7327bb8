"""Posting through the HTTP client: only a verified, not suspended company posts; the no-fee
confirmation is required; bad terms are refused with the reason and nothing is stored; nothing
is public before the union approves; an edit of an approved posting's terms returns it to
review and the approved terms stay as a version."""

from __future__ import annotations

from seafarers_home.jobs.actions.posting import do_set_company_standing
from seafarers_home.jobs.models import Posting, PostingVersion
from seafarers_home.rights.models import RightsCase
from tests.jobs.conftest import day, form_data, publish, verify


def test_an_unverified_company_cannot_post_and_bad_terms_store_nothing(world, client_for):
    officer = client_for("officer_a")
    refused = officer.post("/jobs/company/new/", form_data(world))
    assert refused.status_code == 400 and "尚未通过工会认证" in refused.content.decode()
    verify(world)
    o = world.officer_a
    bad = [
        ({"wage_min": "15000"}, "月工资下限不能高于上限"),
        ({"wage_min": "-5"}, "工资不能为负数"),
        ({"closes_on": day(o, -1).isoformat()}, "截止日期不能早于今天"),
        ({"required_kinds": ["pirate_licence"]}, "pirate_licence"),
        ({"no_fee": ""}, "MLC 2006"),
        ({"contract_months": "0"}, "contract_months"),
    ]
    for change, words in bad:
        response = officer.post("/jobs/company/new/", {**form_data(world), **change})
        assert response.status_code == 400, change
        if not words.isascii() or words == "pirate_licence":
            assert words in response.content.decode(), change
    assert not Posting.objects.exists()
    assert officer.post("/jobs/company/new/", form_data(world)).status_code == 302
    do_set_company_standing(
        world.union_staff, world.company_a, verified=True, suspended=True, reason="收费"
    )
    assert officer.post("/jobs/company/new/", form_data(world)).status_code == 400
    assert Posting.objects.count() == 1
    assert Posting.objects.get().status == "suspended"


def test_applications_may_not_close_after_the_ship_sails(world, client_for):
    verify(world)
    officer = client_for("officer_a")
    o = world.officer_a
    late = {"joining_on": day(o, 20).isoformat(), "closes_on": day(o, 30).isoformat()}
    response = officer.post("/jobs/company/new/", form_data(world, **{}) | late)
    assert response.status_code == 400
    assert "截止日期不能晚于上船日期" in response.content.decode()
    assert not Posting.objects.exists()
    same_day = {"joining_on": day(o, 20).isoformat(), "closes_on": day(o, 20).isoformat()}
    assert officer.post("/jobs/company/new/", form_data(world) | same_day).status_code == 302


def test_every_mistake_on_the_posting_form_is_shown_in_one_round(world, client_for):
    """The form's own errors (a number below its minimum) and the rules between terms (wages,
    dates, the no-fee confirmation) come back together, so the officer fixes them at once."""
    verify(world)
    o = world.officer_a
    mistakes = {
        "places": "0",
        "wage_min": "15000",
        "wage_max": "9000",
        "joining_on": day(o, -3).isoformat(),
        "no_fee": "",
    }
    response = client_for("officer_a").post("/jobs/company/new/", form_data(world) | mistakes)
    page = response.content.decode()
    assert response.status_code == 400
    for words in (
        "确保该值大于或等于",
        "月工资下限不能高于上限",
        "上船日期不能早于今天",
        "MLC 2006",
    ):
        assert words in page, words
    assert not Posting.objects.exists()


def test_nothing_is_public_before_approval_and_an_edit_returns_to_review(world, client_for):
    verify(world)
    officer = client_for("officer_a")
    assert officer.post("/jobs/company/new/", form_data(world)).status_code == 302
    posting = Posting.objects.get()
    seafarer = client_for("consented_seafarer")
    assert "东南太平洋" not in seafarer.get("/jobs/").content.decode()
    assert seafarer.get(f"/jobs/postings/{posting.pk}/").status_code == 404
    staff = client_for("union_staff")
    review = staff.get(f"/jobs/review/{posting.pk}/").content.decode()
    assert "平太荣远洋渔业" in review and "未认证" not in review
    assert staff.post(f"/jobs/review/{posting.pk}/", {"decision": "reject"}).status_code == 400
    assert staff.post(f"/jobs/review/{posting.pk}/", {"decision": "approve"}).status_code == 302
    assert "东南太平洋" in seafarer.get("/jobs/").content.decode()
    # The officer raises nothing but lowers the wage: back to review, the old terms kept.
    edited = officer.post(
        f"/jobs/company/postings/{posting.pk}/edit/", form_data(world, wage_min=6000)
    )
    assert edited.status_code == 302
    posting.refresh_from_db()
    assert posting.status == "pending"
    assert seafarer.get(f"/jobs/postings/{posting.pk}/").status_code == 404
    review = staff.get(f"/jobs/review/{posting.pk}/").content.decode()
    assert "有变化的条件" in review and "月工资" in review
    staff.post(f"/jobs/review/{posting.pk}/", {"decision": "approve"})
    versions = list(PostingVersion.objects.filter(posting=posting).order_by("number"))
    assert [v.terms["wage_min"] for v in versions] == [8000, 6000]


def test_another_company_officer_gets_404_on_a_posting(world, client_for):
    posting = publish(world)
    other = client_for("officer_b")
    assert other.get(f"/jobs/company/postings/{posting.pk}/").status_code == 404
    assert other.get(f"/jobs/company/postings/{posting.pk}/edit/").status_code == 404
    assert other.get(f"/jobs/company/postings/{posting.pk}/shortlist.csv").status_code == 404


def test_the_task_worker_closes_postings_past_their_day_or_filled(world, client_for):
    from django.core.management import call_command

    from seafarers_home.jobs.actions.applying import do_apply, do_move_application

    past = publish(world)
    Posting.objects.filter(pk=past.pk).update(closes_on=day(world.officer_a, -1))
    filled = publish(world, places=1)
    application = do_apply(
        world.consented_seafarer, filled, name="张帆", rank="fisherman", sea_service_months=12
    )
    for to in ("shortlisted", "offered", "accepted"):
        do_move_application(world.officer_a, application, to)
    running = publish(world)
    call_command("runperiodic", "--job", "jobs.close_postings", "--force")
    statuses = dict(Posting.objects.values_list("pk", "status"))
    assert statuses == {past.pk: "closed", filled.pk: "closed", running.pk: "approved"}
    page = client_for("seafarer").get("/jobs/").content.decode()
    assert page.count('href="/jobs/postings/') == 1


def test_a_fee_report_reaches_the_union_who_suspend_and_offers_a_rights_case(
    world, client_for, django_capture_on_commit_callbacks
):
    posting = publish(world)
    seafarer = client_for("seafarer")
    reported = seafarer.post(
        f"/jobs/postings/{posting.pk}/report/",
        {"reason": "fee", "details": "中介要我先交 5000 元押金", "key": "r1"},
    )
    page = reported.content.decode()
    fee_case = f"/jobs/postings/{posting.pk}/fee-case/"
    assert reported.status_code == 200 and fee_case in page and "东南太平洋鱿钓渔场" in page
    # The offered rights case: a 中介收费 draft with the company and the advertised terms in
    # it as evidence, which the seafarer completes (the amount paid) and submits.
    opened = seafarer.post(fee_case)
    assert opened.status_code == 302 and opened["Location"].endswith("/recruitment_fees/")
    draft = RightsCase.objects.get(seafarer=world.seafarer)
    assert (draft.category, draft.status) == ("recruitment_fees", "draft")
    assert "东南太平洋鱿钓渔场" in draft.description and str(posting.pk) in draft.description
    form = seafarer.get(opened["Location"]).content.decode()
    assert world.company_a.name in form and "东南太平洋鱿钓渔场" in form
    seafarer.post(f"/jobs/postings/{posting.pk}/report/", {"reason": "fee", "key": "r1"})
    assert seafarer.post(f"/jobs/postings/{posting.pk}/report/", {"reason": "x"}).status_code == 302
    assert posting.reports.count() == 1
    staff = client_for("union_staff")
    unreported = publish(world, area="渤海湾")  # a posting nobody reported is not listed
    queue = staff.get("/jobs/review/").content.decode()
    assert "1 条未处理的举报" in queue and "0 条未处理的举报" not in queue
    assert f"/jobs/review/{unreported.pk}/" not in queue
    assert "中介要我先交 5000 元押金" in staff.get(f"/jobs/review/{posting.pk}/").content.decode()
    assert staff.post(f"/jobs/review/{posting.pk}/suspend/", {"note": ""}).status_code == 302
    posting.refresh_from_db()
    assert posting.status == "approved"
    from seafarers_home.jobs.actions.applying import do_apply
    from seafarers_home.notifications.models import Notification

    do_apply(world.seafarer_b, posting, name="李强", rank="able_seafarer", sea_service_months=6)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/jobs/review/{posting.pk}/suspend/", {"note": "收取押金,核实属实"})
    posting.refresh_from_db()
    assert posting.status == "suspended"
    # The applicant hears the posting is on hold, without the confidential reason.
    told = Notification.objects.get(user=world.seafarer_b, kind="jobs.suspended")
    assert "暂停" in told.message and "押金" not in told.message
    # Hidden from seafarers who did not apply; an applicant keeps reading the terms.
    assert client_for("consented_seafarer").get(f"/jobs/postings/{posting.pk}/").status_code == 404
    assert client_for("seafarer_b").get(f"/jobs/postings/{posting.pk}/").status_code == 200
    assert "没有未处理的举报" in staff.get("/jobs/review/").content.decode()


def test_the_union_sees_wage_medians_by_rank_with_small_cells_hidden(world, client_for):
    for low in (7000, 8000, 9000, 10000, 11000):
        publish(world, wage_min=low, wage_max=low + 2000)
    publish(world, rank="cook", wage_min=4321, wage_max=5321)
    page = client_for("union_staff").get("/jobs/review/stats/").content.decode()
    assert "9000 – 11000 CNY" in page and "<svg" in page
    assert "4321" not in page and "厨师" not in page.split("各职务月工资")[1]
    assert client_for("officer_a").get("/jobs/review/stats/").status_code == 404
