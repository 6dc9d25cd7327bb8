"""培训报名 through the HTTP client: a training officer publishes (bad input refused, nothing
stored); seafarers apply (prerequisites checked against the wallet with the reason, applying
twice is one application); the provider approves or declines with a reason; a full session's
waiting list is promoted oldest first when a seat frees; completion issues a wallet record the
seafarer cannot edit; each decision notifies; another provider gets 404."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from seafarers_home.accounts.models import Role
from seafarers_home.certificates.models import Certificate
from seafarers_home.certificates.reminders import do_send_expiry_reminders
from seafarers_home.consent.personal_data import get_personal_data_type
from seafarers_home.courses.actions.applying import do_apply
from seafarers_home.courses.actions.deciding import do_decide_application
from seafarers_home.courses.models import Application, Course, CourseSession
from seafarers_home.notifications.models import Notification
from seafarers_home.organisations.models import Organisation
from tests.courses.conftest import day, hold, publish
from tests.personas import _user, login

Status = Application.Status


def test_an_officer_publishes_a_course_and_a_session_and_bad_input_stores_nothing(
    world, client_for
):
    client = client_for("training_officer")
    response = client.post(
        "/courses/manage/new/",
        {"title": "基本安全复训", "issues_kind": "basic_safety", "certificate_valid_months": "60"},
    )
    assert response.status_code == 302
    course = Course.objects.get(provider=world.training_provider)
    officer = world.training_officer
    good = {
        "starts_on": day(officer, 10).isoformat(),
        "ends_on": day(officer, 14).isoformat(),
        "place": "培训中心",
        "seats": "20",
        "fee_amount": "1200",
        "prerequisites": ["seafarers_passport"],
    }
    bad = [
        ({"ends_on": day(officer, 5).isoformat()}, "结业日期不能早于开班日期"),
        ({"seats": "0"}, "seats"),
        ({"seats": "-3"}, "seats"),
        ({"prerequisites": ["pirate_licence"]}, "prerequisites"),
        ({"starts_on": day(officer, -1).isoformat()}, "开班日期不能早于今天"),
    ]
    for change, words in bad:
        response = client.post(f"/courses/manage/{course.pk}/sessions/new/", {**good, **change})
        assert response.status_code == 400, change
        if not words.isascii():
            assert words in response.content.decode(), change
    assert not CourseSession.objects.exists()
    no_months = client.post("/courses/manage/new/", {"title": "x", "issues_kind": "basic_safety"})
    assert no_months.status_code == 400 and Course.objects.count() == 1
    response = client.post(f"/courses/manage/{course.pk}/sessions/new/", good)
    assert response.status_code == 302
    session = CourseSession.objects.get()
    assert session.prerequisites == ["seafarers_passport"] and session.seats == 20
    page = client_for("seafarer").get("/courses/").content.decode()
    assert "基本安全复训" in page


def test_a_session_form_says_every_fault_in_one_round(world, client_for):
    """A missing place and seat count (the form's own errors) and a start in the past and a
    certificate date before it (the rules between fields) on the same page, not one after the
    other."""
    session_page = f"/courses/manage/{publish(world).course.pk}/sessions/new/"
    officer = world.training_officer
    client = client_for("training_officer")
    response = client.post(
        session_page,
        {
            "starts_on": day(officer, -2).isoformat(),
            "ends_on": day(officer, 3).isoformat(),
            "prerequisites_valid_until": day(officer, -5).isoformat(),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    for words in ("开班日期不能早于今天", "证书须有效的日期不能早于开班日期"):
        assert words in page, words
    form = response.context["form"]
    assert {"place", "seats", "starts_on", "prerequisites_valid_until"} <= set(form.errors)
    assert CourseSession.objects.count() == 1  # publish()'s own


def test_prerequisites_are_checked_against_the_wallet_and_applying_twice_is_one(
    world, client_for, django_capture_on_commit_callbacks
):
    session = publish(world, prerequisites=("basic_safety",))
    seafarer = world.seafarer
    hold(seafarer, "basic_safety", expires_in=8)  # expires before the session ends (day 9)
    client = client_for("seafarer")
    response = client.post(f"/courses/sessions/{session.pk}/apply/", {"key": "a1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "基本安全培训合格证" in page and "不够" in page
    assert not Application.objects.exists()
    hold(seafarer, "basic_safety", expires_in=700, number="X-2")
    for key in ("a2", "a2", "a3"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/courses/sessions/{session.pk}/apply/", {"key": key})
        assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == Status.PENDING
    assert application.shared_certificates[0]["number"] == "X-2"
    told = Notification.objects.filter(user=world.training_officer, kind="course.new_application")
    assert told.count() == 1 and not told.get().sms_status
    # the provider sees what was shared; the seafarer sees the pending status
    page = client_for("training_officer").get(f"/courses/manage/sessions/{session.pk}/")
    assert "X-2" in page.content.decode()
    assert "待审核" in client.get("/courses/mine/").content.decode()


def test_an_expired_certificate_refuses_the_application_with_the_reason(world, client_for):
    session = publish(world, prerequisites=("basic_safety",))
    hold(world.seafarer, "basic_safety", expires_in=-3)
    expired_on = day(world.seafarer, -3).isoformat()
    client = client_for("seafarer")
    page = client.get(f"/courses/sessions/{session.pk}/").content.decode()
    assert f"证书夹中的这本证书有效期至 {expired_on},不够" in page
    response = client.post(f"/courses/sessions/{session.pk}/apply/", {"key": "e1"})
    assert response.status_code == 400
    assert f"基本安全培训合格证(证书夹中的这本证书有效期至 {expired_on},不够)" in (
        response.content.decode()
    )
    assert not Application.objects.exists()


def test_seats_waiting_list_and_promotion_oldest_first(
    world, client_for, django_capture_on_commit_callbacks
):
    session = publish(world, seats=1)
    first, second, third = world.seafarer, world.seafarer_b, world.consented_seafarer
    applications = [do_apply(person, session) for person in (first, second, third)]
    officer = client_for("training_officer")
    told = []
    for application in applications:
        with django_capture_on_commit_callbacks(execute=True):
            response = officer.post(
                f"/courses/manage/applications/{application.pk}/decide/",
                {"decision": "approve"},
                follow=True,
            )
        assert response.status_code == 200
        told.append(response.content.decode())
    # The officer is told when "approve" put someone on the waiting list of a full session.
    assert "已保存决定" in told[0] and "这个班次已满" not in told[0]
    assert "这个班次已满" in told[1] and "这个班次已满" in told[2]
    statuses = [Application.objects.get(pk=a.pk).status for a in applications]
    assert statuses == [Status.APPROVED, Status.WAITLISTED, Status.WAITLISTED]
    # approving twice changes nothing
    officer.post(
        f"/courses/manage/applications/{applications[0].pk}/decide/", {"decision": "approve"}
    )
    assert Application.objects.filter(status=Status.APPROVED).count() == 1
    # the seat frees: it is offered to the oldest waiting (second), who is told and confirms
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("seafarer").post(
            f"/courses/applications/{applications[0].pk}/withdraw/"
        )
    assert response.status_code == 302
    offered = Application.objects.get(pk=applications[1].pk)
    assert offered.status == Status.OFFERED and offered.offered_until is not None
    assert Application.objects.get(pk=applications[2].pk).status == Status.WAITLISTED
    assert Notification.objects.filter(user=second, kind="course.offered").count() == 1
    assert Notification.objects.filter(user=third, kind="course.waitlisted").count() == 1
    page = client_for("seafarer_b").get("/courses/mine/").content.decode()
    assert "已为您保留到" in page
    confirm = f"/courses/applications/{offered.pk}/confirm/"
    assert client_for("seafarer_b").post(confirm).status_code == 302
    assert Application.objects.get(pk=offered.pk).status == Status.APPROVED
    # someone else's application is not theirs to confirm
    assert client_for("consented_seafarer").post(confirm).status_code == 404


def test_a_decline_needs_a_reason_which_the_seafarer_reads(
    world, client_for, django_capture_on_commit_callbacks
):
    session = publish(world)
    application = do_apply(world.seafarer, session)
    officer = client_for("training_officer")
    url = f"/courses/manage/applications/{application.pk}/decide/"
    response = officer.post(url, {"decision": "decline", "reason": "  "})
    assert response.status_code == 400 and "请写明未录取的原因" in response.content.decode()
    assert Application.objects.get().status == Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(url, {"decision": "decline", "reason": "本期只招船长和大副"})
    assert Application.objects.get().status == Status.DECLINED
    assert Notification.objects.filter(user=world.seafarer, kind="course.declined").exists()
    assert "本期只招船长和大副" in client_for("seafarer").get("/courses/mine/").content.decode()


def test_completion_issues_a_wallet_record_the_seafarer_cannot_edit(
    world, client_for, django_capture_on_commit_callbacks
):
    session = publish(world)
    application = do_apply(world.seafarer, session)
    do_decide_application(application, world.training_officer, approve=True)
    officer = client_for("training_officer")
    url = f"/courses/manage/applications/{application.pk}/attendance/"
    names = f"/courses/manage/sessions/{session.pk}/"
    # Before the first day the list offers no buttons, only when they will come.
    page = officer.get(names).content.decode()
    assert url not in page and "从开班当天(" in page
    officer.post(url, {"outcome": "completed"})
    assert Application.objects.get().status == Status.APPROVED  # not begun yet: refused
    CourseSession.objects.filter(pk=session.pk).update(starts_on=day(world.training_officer, 0))
    assert url in officer.get(names).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert officer.post(url, {"outcome": "completed"}).status_code == 302
    certificate = Certificate.objects.get(seafarer=world.seafarer)
    assert (
        certificate.kind == "crewmate_in_crisis"
        and certificate.issued_by == world.training_provider
    )
    seafarer = client_for("seafarer")
    assert "培训机构结业签发" in seafarer.get("/certificates/").content.decode()
    seafarer.post(f"/certificates/{certificate.pk}/remove/")
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    assert Notification.objects.filter(user=world.seafarer, kind="course.completed").exists()


def test_another_provider_gets_404_on_everything_of_this_one(world):
    session = publish(world)
    application = do_apply(world.seafarer, session)
    school = Organisation.objects.create(name="航海学校", code="school", kind="training_provider")
    other = login(Client(), _user("13800000099", "林老师", (Role.TRAINING_OFFICER, school)))
    course = session.course
    assert other.get("/courses/manage/").status_code == 200
    assert "船友危机" not in other.get("/courses/manage/").content.decode()
    for path in (
        f"/courses/manage/{course.pk}/sessions/new/",
        f"/courses/manage/sessions/{session.pk}/",
    ):
        assert other.get(path).status_code == 404, path
    decide = f"/courses/manage/applications/{application.pk}/decide/"
    assert other.post(decide, {"decision": "approve"}).status_code == 404
    assert Application.objects.get().status == Status.PENDING


def test_a_fake_document_photo_is_refused_and_nothing_is_stored(world, client_for):
    session = publish(world)
    fake = SimpleUploadedFile("passport.jpg", b"MZ\x90\x00 not a photo")
    response = client_for("seafarer").post(
        f"/courses/sessions/{session.pk}/apply/", {"key": "f1", "documents": [fake]}
    )
    assert response.status_code == 400
    assert "不是可以识别的照片" in response.content.decode()
    assert not Application.objects.exists()


def test_a_soon_expiring_certificate_points_at_the_course_that_renews_it(world, client_for):
    session = publish(world)  # issues crewmate_in_crisis
    hold(world.seafarer, "crewmate_in_crisis", expires_in=20)
    hold(world.seafarer, "medical_first_aid", expires_in=20, number="M-1")
    page = client_for("seafarer").get("/certificates/").content.decode()
    assert page.count("报名换证培训") == 1
    assert f"/courses/sessions/{session.pk}/" in page
    assert do_send_expiry_reminders() == 2
    messages = set(
        Notification.objects.filter(kind="certificate.expiry").values_list("message", flat=True)
    )
    assert sum("换证培训" in message for message in messages) == 1


def test_erasing_a_seafarers_applications_offers_their_seat_to_the_oldest_waiting(world):
    session = publish(world, seats=1)
    first = do_apply(world.seafarer, session)
    second = do_apply(world.seafarer_b, session)
    for application in (first, second):
        do_decide_application(application, world.training_officer, approve=True)
    exported = get_personal_data_type("course_applications").export(world.seafarer)
    assert exported[0]["status"] == Status.APPROVED
    get_personal_data_type("course_applications").erase(world.seafarer)
    assert not Application.objects.filter(seafarer=world.seafarer).exists()
    assert Application.objects.get(pk=second.pk).status == Status.OFFERED  # to confirm


def test_cancelling_a_session_tells_every_live_applicant_why(
    world, client_for, django_capture_on_commit_callbacks
):
    session = publish(world, seats=1)
    first = do_apply(world.seafarer, session)
    second = do_apply(world.seafarer_b, session)
    do_decide_application(first, world.training_officer, approve=True)
    officer = client_for("training_officer")
    url = f"/courses/manage/sessions/{session.pk}/cancel/"
    assert officer.post(url, {"reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert officer.post(url, {"reason": "教室维修"}).status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {Status.CANCELLED}
    for person in (world.seafarer, world.seafarer_b):
        told = Notification.objects.get(user=person, kind="course.cancelled")
        assert "教室维修" in told.message
    assert "船友危机" not in client_for("consented_seafarer").get("/courses/").content.decode()
    response = client_for("consented_seafarer").post(f"/courses/sessions/{session.pk}/apply/")
    assert response.status_code == 400 and "已经取消" in response.content.decode()
    assert second.pk and Application.objects.count() == 2
