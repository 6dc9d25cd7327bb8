"""Critical incidents at sea (issue 15).

An ``Incident`` is one event that hit a crew (piracy, a man overboard, a rescue …). Each person
it hit is an ``AffectedPerson``: a registered seafarer taken from the vessel's crew records, or
a mobile number not yet registered (invited by SMS). The response plan gives every person
``ResponseTask`` rows (unique per person and step: opening or saving twice creates nothing
twice). ``IncidentEvent`` is the board's timeline: operational facts only (who was reached, by
which channel, a task done, a referral made) — never scores or notes. A clinician-recorded
measure (``ClinicalScore``, e.g. a PCL-5 total given over the phone) is clinical content: only
the person's assigned clinician reads it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.core.models import TimestampedModel


class Incident(TimestampedModel):
    class Kind(models.TextChoices):
        PIRACY = "piracy", _("海盗袭击或武装抢劫")
        DEATH = "death", _("船员死亡或失踪")
        OVERBOARD = "overboard", _("人员落水")
        FIRE = "fire", _("火灾或爆炸")
        SINKING = "sinking", _("沉船、弃船与获救")
        INJURY = "injury", _("严重受伤")
        VIOLENCE = "violence", _("暴力事件")
        ABANDONMENT = "abandonment", _("船员被遗弃")
        DETENTION = "detention", _("被扣押")
        CONFINEMENT = "confinement", _("长期滞留船上")

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    kind = models.CharField(_("事件类型"), max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("发生时间"))
    latitude = models.DecimalField(_("纬度"), max_digits=8, decimal_places=5, null=True)
    longitude = models.DecimalField(_("经度"), max_digits=8, decimal_places=5, null=True)
    place = models.CharField(_("地点说明"), max_length=120, blank=True)
    vessel = models.ForeignKey(
        "organisations.Vessel",
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("船舶"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    alert = models.ForeignKey(
        "alerts.CrisisAlert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The response plan the tasks were made from (its definition is copied into each task).
    pcl5_cutoff = models.PositiveSmallIntegerField(_("PCL-5 转介分界值"), default=33)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # The post-incident review: the codes of the checklist items done (``closing.REVIEW_ITEMS``).
    review_done = models.JSONField(default=list, blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True)
    payload_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("海上重大事件")
        verbose_name_plural = _("海上重大事件")
        ordering = ["-occurred_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opened_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_incident_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.vessel.name}"


class AffectedPerson(TimestampedModel):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="people")
    # Null until the invited person registers with this number.
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="incident_records",
    )
    phone = models.CharField(_("手机号码"), max_length=20)
    name = models.CharField(_("姓名"), max_length=60, blank=True)
    invited_at = models.DateTimeField(_("邀请时间"), null=True, blank=True)
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incident_people",
        verbose_name=_("负责人员"),
    )
    first_reached_at = models.DateTimeField(_("首次联系上"), null=True, blank=True)
    referred_at = models.DateTimeField(_("转介时间"), null=True, blank=True)
    # Care continues elsewhere (the clinic, a local service): the plan no longer holds it open.
    handed_over_at = models.DateTimeField(_("转交时间"), null=True, blank=True)
    # The number the seafarer asked to be called on (the ship's satellite phone, a mobile).
    callback_number = models.CharField(_("回拨号码"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("受影响人员")
        verbose_name_plural = _("受影响人员")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "phone"], name="one_affected_person_per_phone"
            ),
            models.UniqueConstraint(
                fields=["incident", "seafarer"],
                condition=Q(seafarer__isnull=False),
                name="one_affected_person_per_seafarer",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.phone


class ResponseTask(TimestampedModel):
    class Kind(models.TextChoices):
        CONTACT = "contact", _("联系")
        SCREENING = "screening", _("量表筛查")
        CLINICIAN_SCORE = "clinician_score", _("医生评估")
        FAMILY = "family", _("家属联络")

    class Status(models.TextChoices):
        OPEN = "open", _("待完成")
        DONE = "done", _("已完成")

    person = models.ForeignKey(AffectedPerson, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title_zh = models.CharField(max_length=80)
    title_en = models.CharField(max_length=120, blank=True)
    # Screening: the instruments whose responses complete it; clinician score: the measure.
    instruments = models.JSONField(default=list)
    position = models.PositiveSmallIntegerField(default=0)
    opens_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("应对任务")
        verbose_name_plural = _("应对任务")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="one_task_per_step")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The step's title in the reader's language (the plan carries both)."""
        english = (get_language() or "").startswith("en")
        return self.title_en if english and self.title_en else self.title_zh


class IncidentEvent(TimestampedModel):
    """One line of the board's timeline: an operational fact, never clinical content."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("开启事件")
        PAGED = "paged", _("呼叫值班精神科医生")
        PERSON_ADDED = "person_added", _("添加受影响人员")
        INVITED = "invited", _("发送注册邀请短信")
        ASSIGNED = "assigned", _("指派负责人员")
        CONTACT = "contact", _("联系")
        TASK_DONE = "task_done", _("任务完成")
        REFERRED = "referred", _("转介远程咨询与绿色通道")
        HANDED_OVER = "handed_over", _("转交后续照护")
        ASKED = "asked", _("海员请求联系")
        CLOSED = "closed", _("事件结束")
        REVIEWED = "reviewed", _("记录事后复盘")

    class Channel(models.TextChoices):
        CALL = "call", _("电话")
        CALLBACK = "callback", _("回拨船上卫星电话")
        MESSAGE = "message", _("站内消息")
        SHORT_MESSAGE = "short_message", _("北斗/卫星短报文")
        IN_PERSON = "in_person", _("当面")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    person = models.ForeignKey(
        AffectedPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    task = models.ForeignKey(
        ResponseTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    reached = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("事件时间线")
        verbose_name_plural = _("事件时间线")
        ordering = ["created_at", "pk"]


class ClinicalScore(TimestampedModel):
    """A measure the assigned clinician gave and scored (by phone or on paper): clinical."""

    person = models.ForeignKey(
        AffectedPerson, on_delete=models.CASCADE, related_name="clinical_scores"
    )
    task = models.ForeignKey(ResponseTask, on_delete=models.CASCADE, related_name="scores")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    measure = models.CharField(max_length=20)
    total = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(80)]
    )

    class Meta:
        verbose_name = _("医生评估得分")
        verbose_name_plural = _("医生评估得分")
        ordering = ["created_at", "pk"]


class ResponsePlan(TimestampedModel):
    """The response plan as data, edited by administrators (checked by ``plan_schema``). The
    newest active one is used; with none, the shipped ``plans/default.json``."""

    name = models.CharField(_("名称"), max_length=80)
    definition = models.JSONField(_("计划内容 (JSON)"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("应对计划模板")
        verbose_name_plural = _("应对计划模板")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.name


class CrewmateReport(TimestampedModel):
    """A master or officer on board reports a crewmate who seems at risk (issue 15 item 5).
    The report raises a crisis alert for the hospital; the reported person is told a report
    was made, and by whom only if the reporter agreed; it is in both people's data export."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="crewmate_reports_made"
    )
    reported = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crewmate_reports"
    )
    vessel = models.ForeignKey(
        "organisations.Vessel", on_delete=models.PROTECT, related_name="+", verbose_name=_("船舶")
    )
    # What the reporter sees: health information about the reported person, encrypted.
    observation = EncryptedTextField(_("您看到的情况"))
    position = models.CharField(_("船舶位置"), max_length=120, blank=True)
    reach = models.CharField(_("怎样联系到船上"), max_length=120)
    name_the_reporter = models.BooleanField(_("可以告诉对方是我报告的"), default=False)
    # The triage's codes for the observation (the alert page shows them in words).
    triage_codes = models.JSONField(default=list)
    alert = models.ForeignKey(
        "alerts.CrisisAlert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    idempotency_key = models.CharField(max_length=80, blank=True)
    payload_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("船员危机报告")
        verbose_name_plural = _("船员危机报告")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_crewmate_report_idempotency_key",
            )
        ]


class FamilyContact(TimestampedModel):
    """A family member the team may contact (the family-liaison task), added by the affected
    seafarer themself: adding is their consent, removing withdraws it."""

    person = models.ForeignKey(
        AffectedPerson, on_delete=models.CASCADE, related_name="family_contacts"
    )
    name = models.CharField(_("家属姓名"), max_length=60)
    relation = models.CharField(_("与您的关系"), max_length=30)
    phone = models.CharField(_("家属手机号码"), max_length=20)

    class Meta:
        verbose_name = _("家属联系人")
        verbose_name_plural = _("家属联系人")
        ordering = ["pk"]
