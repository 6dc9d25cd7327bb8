"""维权保障: a seafarer's rights case and its timeline.

A ``RightsCase`` is opened by a seafarer in a category (``categories.json``) with the
category's fields in ``details``; it may sit as a DRAFT (seen by no one else) until it is
submitted. The union's rights officers see every submitted case; a partner law firm's lawyers
see the cases assigned to their firm. One legal worker owns a case at a time (claimed under a
row lock). Everything that happens to a case is a ``CaseEntry`` on its timeline; the entries
meant for the seafarer are shown to them. Evidence (re-encoded photos, checked PDFs) is kept
in the database, private to the case.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.core.models import TimestampedModel


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    RECEIVED = "received", _("已受理")
    VERIFYING = "verifying", _("核实中")
    MEDIATION = "mediation", _("调解中")
    ARBITRATION = "arbitration", _("劳动仲裁中")
    LITIGATION = "litigation", _("诉讼中")
    RESOLVED = "resolved", _("已解决")
    REFERRED = "referred", _("已转交")
    DECLINED = "declined", _("不予受理")
    CLOSED = "closed", _("已结案")


class Referral(models.TextChoices):
    LABOUR_INSPECTION = "labour_inspection", _("劳动监察")
    LABOUR_ARBITRATION = "labour_arbitration", _("劳动仲裁委员会")
    LEGAL_AID_CENTRE = "legal_aid_centre", _("法律援助中心")
    MARITIME_AUTHORITY = "maritime_authority", _("海事管理机构")
    ITF_INSPECTOR = "itf_inspector", _("国际运输工人联合会(ITF)检查员")
    COURT = "court", _("法院")


class RightsCase(TimestampedModel):
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rights_cases"
    )
    category = models.CharField(_("类别"), max_length=31)
    summary = models.CharField(_("一句话说明"), max_length=80)
    description = EncryptedTextField(_("情况说明"), blank=True)
    # The category's fields, by field id, as checked strings (dates ISO, amounts "123.45").
    details = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    urgent = models.BooleanField(_("紧急"), default=False)
    # Red-flag rule codes the one triage found in the seafarer's words (DOMAIN rule 8): codes,
    # no text copied. A crisis shows the seafarer the crisis help on the case page.
    red_flags = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, db_index=True)
    law_firm = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rights_cases",
        limit_choices_to={"kind": "law_firm"},
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_rights_cases",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    # An urgent case nobody claimed in time was escalated to the union's staff (urgent.py).
    escalated_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The outcome: money recovered for the seafarer, or where the case went.
    amount_recovered = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    recovered_currency = models.CharField(max_length=3, blank=True)
    referral = models.CharField(max_length=30, choices=Referral.choices, blank=True)
    # A crew case: crewmates join with this code until it expires (crew.py).
    invite_code = models.CharField(max_length=12, blank=True, db_index=True)
    invite_expires_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True)
    payload_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("维权案件")
        verbose_name_plural = _("维权案件")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_rights_case_idempotency_key",
            ),
            # One draft per seafarer and category: the form comes back to it.
            models.UniqueConstraint(
                fields=["seafarer", "category"],
                condition=Q(status="draft"),
                name="unique_rights_case_draft",
            ),
        ]
        indexes = [models.Index(fields=["status", "urgent", "submitted_at"])]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_open(self) -> bool:
        return self.status not in FINAL_STATUSES and self.status != Status.DRAFT


FINAL_STATUSES = frozenset({Status.RESOLVED, Status.REFERRED, Status.DECLINED, Status.CLOSED})


class CaseEntry(TimestampedModel):
    """One typed entry of a case's timeline."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("提交案件")
        SEAFARER_MESSAGE = "seafarer_message", _("海员留言")
        MESSAGE = "message", _("给海员的消息")
        NOTE = "note", _("内部记录")
        PHONE_CALL = "phone_call", _("电话记录")
        MEETING = "meeting", _("调解会议")
        CLAIMED = "claimed", _("认领")
        ASSIGNED = "assigned", _("指派律师事务所")
        STATUS = "status", _("状态变更")
        EVIDENCE = "evidence", _("证据材料")
        JOINED = "joined", _("船员加入")
        CREW_ADDED = "crew_added", _("从船员记录添加船员")
        LEGAL_AID = "legal_aid", _("法律援助")

    case = models.ForeignKey(RightsCase, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    body = EncryptedTextField(_("内容"), blank=True)
    visible_to_seafarer = models.BooleanField(default=False)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("案件记录")
        verbose_name_plural = _("案件记录")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "author", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_case_entry_idempotency_key",
            )
        ]


class Evidence(TimestampedModel):
    """A photo (re-encoded JPEG, no metadata) or a PDF, private to its case."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("照片")
        PDF = "pdf", _("PDF文件")

    case = models.ForeignKey(RightsCase, on_delete=models.CASCADE, related_name="evidence")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    content = models.BinaryField()
    byte_size = models.PositiveIntegerField()
    # Of the uploaded bytes: the same file sent again (a resend) is not stored twice.
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")
        ordering = ["case", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sha256"], name="unique_evidence_per_case")
        ]


class Claimant(TimestampedModel):
    """A crewmate on a crew case (the seafarer who opened it is its first claimant and has no
    row): their own amount owed, and when they agreed to join. A crewmate who joined with the
    invite code agreed as they joined; one a legal worker added from the vessel's crew records
    (``added_by``) is pending — no amount, no consent — until they confirm, and counts for
    nothing (totals, notices, the case's pages) before that."""

    case = models.ForeignKey(RightsCase, on_delete=models.CASCADE, related_name="claimants")
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rights_claims"
    )
    amount_owed = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    # They agreed that the case's legal workers see their name and claim and act for them.
    consented_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    @property
    def confirmed(self) -> bool:
        return self.consented_at is not None

    class Meta:
        verbose_name = _("共同申请人")
        verbose_name_plural = _("共同申请人")
        ordering = ["case", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seafarer"], name="unique_claimant_per_case")
        ]


class LegalAidApplication(TimestampedModel):
    """法律援助: the seafarer's application from a case, and the union's decision."""

    class Answer(models.TextChoices):
        YES = "yes", _("是")
        NO = "no", _("否")
        UNKNOWN = "unknown", _("不清楚")

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("批准")
        REJECTED = "rejected", _("不予批准")

    case = models.OneToOneField(RightsCase, on_delete=models.CASCADE, related_name="legal_aid")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="legal_aid_applications"
    )
    hardship = models.CharField(_("经济困难"), max_length=10, choices=Answer.choices)
    monthly_income = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    employer_reachable = models.CharField(
        _("能联系到用人单位"), max_length=10, choices=Answer.choices
    )
    statement = EncryptedTextField(_("申请理由"))
    decision = models.CharField(
        max_length=10, choices=Decision.choices, default=Decision.PENDING, db_index=True
    )
    reason = EncryptedTextField(_("决定理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("法律援助申请")
        verbose_name_plural = _("法律援助申请")


class LegalDutyShift(TimestampedModel):
    """The legal workers' duty roster (issue 11 item 3): who takes urgent cases when. The
    union's staff keep it; urgent alerts and their escalation go to whoever is on duty, or to
    every rights officer of the union when nobody is (``duty.py``)."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="legal_duty_shifts",
        verbose_name=_("法律工作者"),
    )
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(_("结束"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("法律工作者值班")
        verbose_name_plural = _("法律工作者值班")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="legal_duty_shift_ends_after_start",
            )
        ]
