"""Staff members' own records as a type of personal data (PIPL arts. 45 and 47).

Clinicians, counsellors, union staff and officers leave records of their work: duty and hotline
shifts, consultation hours and slots, answer templates, specialties, campaigns, knowledge
entries, the admin's change log. They are personal data of the staff member and exported to
them; they are also the service's record of who was on duty and who did what (a crisis at
03:00 must still show who was paged), so they are not erased on request. Erasing a staff
account anonymises the account (``foundation_data``), and these rows then name only it.

Models are looked up by label: this foundation app must not import the service apps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from seafarers_home.consent.personal_data import register_personal_data_type

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

# label -> (the field naming the staff member, the fields exported)
STAFF_RECORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "alerts.DutyShift": ("user", ("tier", "starts_at", "ends_at")),
    "hotline.HotlineShift": ("user", ("kind", "starts_at", "ends_at")),
    "rights.LegalDutyShift": ("worker", ("starts_at", "ends_at")),
    "hotline.CounsellorState": ("user", ("state", "available_since", "last_seen_at")),
    "consultations.Availability": (
        "clinician",
        (
            "service",
            "weekday",
            "start_time",
            "end_time",
            "slot_minutes",
            "mode",
            "valid_from",
            "valid_until",
        ),
    ),
    "consultations.AvailabilityException": (
        "clinician",
        ("service", "date", "kind", "start_time", "end_time", "mode"),
    ),
    "consultations.Slot": (
        "clinician",
        ("service", "starts_at", "ends_at", "mode", "is_withdrawn"),
    ),
    "inquiries.AnswerTemplate": ("owner", ("title", "category", "body", "shared")),
    "inquiries.ClinicianSpecialty": ("clinician", ("category",)),
    "inquiries.KnowledgeEntry": ("published_by", ("title", "published_at", "is_published")),
    "screening.Campaign": ("created_by", ("title", "deadline")),
    # Not object_repr: it may name the person whose record was changed.
    "admin.LogEntry": ("user", ("action_time", "action_flag", "content_type__model", "object_id")),
}


def _value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def export_work_records(user: User) -> dict[str, list[dict[str, Any]]]:
    exported: dict[str, list[dict[str, Any]]] = {}
    for label, (owner, fields) in STAFF_RECORDS.items():
        model = apps.get_model(label)
        rows = model.objects.filter(**{owner: user}).order_by("pk").values("pk", *fields)
        if rows:
            exported[label] = [{k: _value(v) for k, v in row.items()} for row in rows]
    return exported


def register() -> None:
    register_personal_data_type(
        "work_records",
        _("工作记录(工作人员)"),
        export=export_work_records,
        erase=None,
        help_text=_(
            "工作人员的排班、出诊时间和号源、回复模板、专长、发起的筛查活动、发布的知识库条目和"
            "后台操作记录。它们是服务的工作记录,保存 3 年,不能由个人删除;"
            "注销账户后只与匿名化的账户相连。"
        ),
        models=tuple(STAFF_RECORDS),
    )
