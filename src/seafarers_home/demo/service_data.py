"""Demo data of the services (idempotent): consultation hours and clinic slots, voyages in
several phases, answered and published message-board questions, the hotline roster.

Everything goes through the services' own ``do_…`` functions, so the demo exercises the same
rules as real use. Each part runs only when its kind of data is still missing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from datetime import time, timedelta

from django.utils import timezone

from seafarers_home.accounts.models import Role, User
from seafarers_home.activities.demo import load_demo_activities
from seafarers_home.certificates.demo import load_demo_certificates
from seafarers_home.consultations.actions.availability import Hours, do_add_hours
from seafarers_home.consultations.actions.clinic_slots import do_publish_clinic_slots
from seafarers_home.consultations.demo import load_demo_legal_hours
from seafarers_home.consultations.models import Availability, Mode, Slot
from seafarers_home.courses.demo import load_demo_courses
from seafarers_home.demo import data
from seafarers_home.hotline.actions.roster import do_add_shift
from seafarers_home.hotline.models import HotlineShift
from seafarers_home.incidents.demo import load_demo_incident
from seafarers_home.inquiries.actions.answering import do_mark_answered, do_reply
from seafarers_home.inquiries.actions.asking import do_ask_question
from seafarers_home.inquiries.actions.publishing import do_publish_question
from seafarers_home.inquiries.models import Question
from seafarers_home.jobs.demo import load_demo_jobs
from seafarers_home.lib.zones import hospital_zone
from seafarers_home.organisations.models import Organisation, SeafarerProfile
from seafarers_home.rights.demo_cases import load_demo_rights
from seafarers_home.voyages.actions import do_record_crew, do_record_departure
from seafarers_home.voyages.models import Voyage

CLINICIAN_PHONE = "13900000002"
COUNSELLOR_PHONES = ("13900000003", "13900000009")
PSYCHIATRIST_PHONE = "13900000008"
UNION_PHONE = "13900000004"

ANSWERED_QUESTIONS = (
    (
        "physical",
        "出海晕船吐得厉害怎么办",
        "第一次跟远洋渔船出海,出海第三天开始晕船很厉害,吃什么吐什么,船上有晕车药。",
        "晕船多数在三到五天后会慢慢适应。可以尽量待在船的中部、看远处的海平线,少量多次吃"
        "清淡的饼干,多喝水。船上的晕车药要在症状出现前半小时吃。如果呕吐超过两天、吃不进"
        "任何东西或尿很少,请告诉船长,通过无线电医疗咨询求助。",
    ),
    (
        "mental",
        "在海上连续几周睡不好觉",
        "出海两个月了,最近几周晚上躺下脑子停不下来,经常凌晨三四点才睡着,白天值班没精神。",
        "长时间在海上、倒班和想家都会影响睡眠。建议每天固定起床时间,睡前一小时不看手机,"
        "下班后做几分钟平台上的呼吸练习。白天尽量见光、活动。如果持续超过一个月,或者出现"
        "情绪很低落、不想做事,欢迎预约远程咨询,医生会和您详细聊。",
    ),
    (
        "mental",
        "想家想得厉害,心情低落",
        "孩子刚出生我就出海了,每次和家里视频完都很难受,觉得自己不是个好父亲。",
        "想念家人是很自然的感受,说明您很在乎他们。可以和家人约定固定的联系时间,录一些"
        "给孩子的语音;也可以和信任的船员聊聊。心情低落持续两周以上,或者有伤害自己的想法,"
        "请马上拨打心理热线,我们随时在。",
    ),
)


def _user(phone: str) -> User | None:
    """A demo account with this number; never a real person who happens to hold it."""
    user = User.objects.filter(phone=phone).first()
    if user is None or not data.is_demo_phone(user.phone):
        return None
    demo_grant = user.role_grants.filter(organisation__code__startswith=data.DEMO_CODE_PREFIX)
    return user if demo_grant.exists() else None


def _consultation_hours(created: Counter[str]) -> None:
    clinician = _user(CLINICIAN_PHONE)
    if clinician is None or Availability.objects.filter(clinician=clinician).exists():
        return
    today = timezone.localdate(timezone.now(), hospital_zone())
    for weekday in range(5):
        do_add_hours(
            clinician,
            Hours(
                weekday=weekday,
                start_time=time(9),
                end_time=time(12),
                slot_minutes=30,
                mode=Mode.REMOTE,
                valid_from=today,
            ),
        )
        created["consultation_hours"] += 1


def _clinic_slots(created: Counter[str]) -> None:
    clinician = _user(CLINICIAN_PHONE)
    clinic = Organisation.objects.filter(is_seafarer_clinic=True, code__startswith="demo-").first()
    if clinician is None or clinic is None:
        return
    if Slot.objects.filter(department=clinic, mode=Mode.IN_CLINIC).exists():
        return
    today = timezone.localdate(timezone.now(), hospital_zone())
    report = do_publish_clinic_slots(
        clinician,
        department=clinic,
        first_day=today + timedelta(days=1),
        last_day=today + timedelta(days=21),
        weekdays={0, 1, 2, 3, 4},
        start_hour=14,
        end_hour=17,
        slot_minutes=60,
    )
    created["clinic_slots"] += getattr(report, "created", 0) or 1


def _voyages(main_seafarer_phone: str, created: Counter[str]) -> None:
    union = _user(UNION_PHONE)
    main = _user(main_seafarer_phone)
    if union is None or main is None or Voyage.objects.filter(seafarer=main).exists():
        return
    profile = SeafarerProfile.objects.filter(user=main).select_related("current_vessel").first()
    if profile is None or profile.current_vessel is None:
        return
    today = timezone.localdate()
    vessel = profile.current_vessel
    # The main seafarer has been at sea for 40 days (pulse check-ins, help reminder).
    voyage = do_record_crew(
        [main],
        vessel=vessel,
        planned_departure=today - timedelta(days=40),
        expected_return=today + timedelta(days=80),
        recorded_by=union,
        source=Voyage.Source.UNION,
    )[0]
    do_record_departure(voyage, today - timedelta(days=40), union)
    created["voyages"] += 1
    # A crew of the same company sails in ten days: the readiness page has something to show.
    crew = list(
        User.objects.filter(
            seafarer_profile__company=profile.company,
            role_grants__role=Role.SEAFARER,
            voyages__isnull=True,
            role_grants__organisation__code__startswith=data.DEMO_CODE_PREFIX,
        )
        .exclude(pk=main.pk)
        .distinct()
        .order_by("phone")[:6]
    )
    if crew:
        do_record_crew(
            crew,
            vessel=vessel,
            planned_departure=today + timedelta(days=10),
            expected_return=today + timedelta(days=190),
            recorded_by=union,
            source=Voyage.Source.UNION,
        )
        created["voyages"] += len(crew)


def _knowledge(main_seafarer_phone: str, created: Counter[str]) -> None:
    clinician = _user(CLINICIAN_PHONE)
    seafarer = _user(main_seafarer_phone)
    if clinician is None or seafarer is None:
        return
    if Question.objects.filter(seafarer=seafarer).exists():
        return
    for n, (category, title, body, answer) in enumerate(ANSWERED_QUESTIONS):
        question = do_ask_question(
            seafarer,
            category=category,
            title=title,
            body=body,
            allow_publish=True,
            idempotency_key=f"demo-question-{n}",
        )
        do_reply(question, clinician, answer, idempotency_key=f"demo-answer-{n}")
        do_mark_answered(question, clinician)
        do_publish_question(
            question, clinician, title=title, question_text=body, answer_text=answer
        )
        created["knowledge_entries"] += 1


def _hotline_roster(created: Counter[str]) -> None:
    counsellors = [u for u in map(_user, COUNSELLOR_PHONES) if u is not None]
    psychiatrist = _user(PSYCHIATRIST_PHONE)
    if not counsellors or HotlineShift.objects.exists():
        return
    today = timezone.localdate(timezone.now(), hospital_zone())
    for offset in range(-1, 7):
        day = today + timedelta(days=offset)
        start = datetime.datetime.combine(day, time(8), hospital_zone())
        for n, counsellor in enumerate(counsellors[:2]):
            shift_start = start + timedelta(hours=12 * n)
            do_add_shift(
                counsellor,
                kind=HotlineShift.Kind.COUNSELLOR,
                starts_at=shift_start,
                ends_at=shift_start + timedelta(hours=12),
                by=counsellor,
            )
            created["hotline_shifts"] += 1
        if psychiatrist is not None:
            do_add_shift(
                psychiatrist,
                kind=HotlineShift.Kind.PSYCHIATRIST,
                starts_at=start,
                ends_at=start + timedelta(hours=24),
                by=counsellors[0],
            )
            created["hotline_shifts"] += 1


def _activities(main_seafarer_phone: str, created: Counter[str]) -> None:
    """海员活动: the union publishes; the main seafarer and ten crewmates sign up."""
    phones = [main_seafarer_phone] + [
        f"{data.DEMO_PHONE_PREFIX}{1000 + i:04d}" for i in range(2, 12)
    ]
    seafarers = [user for user in map(_user, phones) if user is not None]
    load_demo_activities(_user(UNION_PHONE), seafarers, created)


def _incident(main_seafarer_phone: str, created: Counter[str]) -> None:
    """重大事件: an open incident on the main seafarer's vessel (incidents/demo.py)."""
    load_demo_incident(
        _user(UNION_PHONE), _user(CLINICIAN_PHONE), _user(main_seafarer_phone), created
    )


def _rights(main_seafarer_phone: str, created: Counter[str]) -> None:
    """维权保障: cases of the main seafarer and a crewmate in different states, worked by the
    union's rights officer and the partner law firm's lawyer (rights/demo_cases.py)."""
    crewmate = f"{data.DEMO_PHONE_PREFIX}{1002:04d}"
    seafarers = [user for user in map(_user, (main_seafarer_phone, crewmate)) if user]
    load_demo_rights(_user("13900000012"), _user("13900000013"), seafarers, created)
    # The rights officer's phone or video consultation hours (consultations/demo.py).
    load_demo_legal_hours(_user("13900000012"), created)


def _certificates_and_courses(main_seafarer_phone: str, created: Counter[str]) -> None:
    """证书夹 and 培训报名: the main seafarer's wallet (one certificate expiring soon), the
    demo training centre's courses, and the seafarer's application (certificates/demo.py,
    courses/demo.py)."""
    seafarer = _user(main_seafarer_phone)
    load_demo_certificates(seafarer, created)
    load_demo_courses(_user("13900000014"), seafarer, created)


def _jobs(created: Counter[str]) -> None:
    """企业招聘: the union verifies the demo companies; approved postings of each and one
    waiting for review (jobs/demo.py)."""
    officers = [_user(phone) for phone in ("13900000005", "13900000006", "13900000011")]
    load_demo_jobs(_user(UNION_PHONE), officers, created)


def load_service_demo(main_seafarer_phone: str, created: Counter[str]) -> None:
    _consultation_hours(created)
    _clinic_slots(created)
    _voyages(main_seafarer_phone, created)
    _knowledge(main_seafarer_phone, created)
    _hotline_roster(created)
    _incident(main_seafarer_phone, created)
    _activities(main_seafarer_phone, created)
    _rights(main_seafarer_phone, created)
    _certificates_and_courses(main_seafarer_phone, created)
    _jobs(created)
