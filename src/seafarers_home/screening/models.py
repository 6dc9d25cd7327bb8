"""心理CT: screenings (a battery taken by one seafarer), responses per instrument, clinician
reviews, fit-for-duty clearances, crew campaigns and training completions.

Instrument definitions are data files (screening/instruments/*.json), not rows: a response
stores the instrument's code and version and the scores computed from that definition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.core.models import TimestampedModel


class RiskLevel(models.TextChoices):
    ROUTINE = "routine", _("常规")
    FOLLOW_UP = "follow_up", _("需随访")
    URGENT = "urgent", _("紧急")
    CRISIS = "crisis", _("危机")


# Ordering for queues: crisis first.
RISK_ORDER = {
    RiskLevel.CRISIS: 0,
    RiskLevel.URGENT: 1,
    RiskLevel.FOLLOW_UP: 2,
    RiskLevel.ROUTINE: 3,
}


def risk_rank() -> models.Case:
    """A screening's place in the clinicians' queue by its risk level (RISK_ORDER; no level
    last). One expression for the queue's ORDER BY and the index that serves it: PostgreSQL
    uses an expression index only for the same expression."""
    return models.Case(
        *[
            models.When(risk_level=str(level), then=models.Value(order))
            for level, order in RISK_ORDER.items()
        ],
        default=models.Value(len(RISK_ORDER)),
        output_field=models.IntegerField(),
    )


# The review queue: completed screenings nobody has reviewed yet.
PENDING_REVIEW = models.Q(status="completed", reviewed_at__isnull=True)


class Battery(TimestampedModel):
    """A configurable, ordered set of instruments: the 心理CT."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=80)
    name_en = models.CharField(_("英文名称"), max_length=120, blank=True)
    instrument_codes = models.JSONField(_("量表(按顺序)"), default=list)
    is_pre_departure_default = models.BooleanField(_("默认出海前心理CT"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("心理CT组合")
        verbose_name_plural = _("心理CT组合")

    def __str__(self) -> str:
        return self.name


class Campaign(TimestampedModel):
    """A company (or the union) invites a crew or a list of seafarers to a battery."""

    title = models.CharField(_("名称"), max_length=120)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="screening_campaigns",
        verbose_name=_("发起机构"),
    )
    vessel = models.ForeignKey(
        "organisations.Vessel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screening_campaigns",
        verbose_name=_("船舶"),
    )
    battery = models.ForeignKey(Battery, on_delete=models.PROTECT, verbose_name=_("心理CT组合"))
    deadline = models.DateTimeField(_("截止时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("筛查活动")
        verbose_name_plural = _("筛查活动")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Screening(TimestampedModel):
    """One seafarer taking one battery (or a single instrument, e.g. the PHQ-4 pulse)."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("进行中")
        COMPLETED = "completed", _("已完成")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="screenings"
    )
    battery = models.ForeignKey(Battery, on_delete=models.PROTECT, null=True, blank=True)
    # The instruments of this screening, frozen when it starts (a battery may change later).
    instrument_codes = models.JSONField(default=list)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="screenings"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.IN_PROGRESS, db_index=True
    )
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    risk_level = models.CharField(
        _("风险等级"), max_length=20, choices=RiskLevel.choices, blank=True, db_index=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("心理CT")
        verbose_name_plural = _("心理CT")
        ordering = ["-created_at"]
        indexes = [
            # The clinicians' queue reads its page of 50 in this order from the index and
            # stops, however many screenings wait: without it every page sorted the whole
            # backlog, and joined each row to its seafarer first (12 ms at 2,900 waiting).
            models.Index(
                risk_rank(),
                models.F("completed_at"),
                models.F("id"),
                condition=PENDING_REVIEW,
                name="screening_review_queue",
            ),
        ]


class Response(TimestampedModel):
    """The answers to one instrument and the scores computed from its definition."""

    screening = models.ForeignKey(
        Screening, on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="screening_responses"
    )
    instrument_code = models.CharField(max_length=20, db_index=True)
    instrument_version = models.CharField(max_length=20)
    # {"item id": value} as JSON, encrypted at rest: individual answers are health data.
    answers = EncryptedTextField()
    total_score = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=30, blank=True, db_index=True)
    safety_positive = models.BooleanField(default=False)
    risk_level = models.CharField(max_length=20, choices=RiskLevel.choices, blank=True)
    # A client's Idempotency-Key, unique per seafarer; payload_hash detects a reused key with a
    # different payload (refused with 422).
    idempotency_key = models.CharField(max_length=80, blank=True)
    payload_hash = models.CharField(max_length=64, blank=True)
    # The seafarer's employer when they submitted: the company and union reports group by it
    # (no join through users and profiles), and a later move does not rewrite old results.
    company = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("量表作答")
        verbose_name_plural = _("量表作答")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="unique_response_idempotency_key",
            ),
            models.UniqueConstraint(
                fields=["screening", "instrument_code"],
                condition=models.Q(screening__isnull=False),
                name="one_response_per_instrument_per_screening",
            ),
        ]
        indexes = [
            models.Index(fields=["instrument_code", "band"]),
            models.Index(
                fields=["company", "instrument_code", "band"], name="response_company_band_idx"
            ),
        ]


class BandCount(models.Model):
    """How many responses of completed screenings fell in each band, per company (the
    employer at submission) and instrument: the union's and companies' band reports read
    these few rows instead of every response (issue 20 item 4). Kept by the actions in their
    own transaction (``screening.band_counts``); rebuilt from the responses by migration
    ``0004`` and ``manage.py rebuild_band_counts``."""

    company = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    instrument_code = models.CharField(max_length=20)
    band = models.CharField(max_length=30)
    n = models.IntegerField(default=0)

    class Meta:  # not in the admin: derived figures, rebuilt by manage.py rebuild_band_counts
        constraints = [
            models.UniqueConstraint(
                fields=["company", "instrument_code", "band"], name="unique_band_count"
            )
        ]


class Review(TimestampedModel):
    """A clinician's review of a screening. The note is encrypted at rest."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="reviews")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = EncryptedTextField(_("复核记录"), blank=True)
    follow_up_on = models.DateField(_("随访日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("复核")
        verbose_name_plural = _("复核")
        ordering = ["-created_at"]


class Clearance(TimestampedModel):
    """健康入职: a clinician's fit-for-duty decision. Reaches an employer only with the
    seafarer's share_clearance consent."""

    class Decision(models.TextChoices):
        CLEARED = "cleared", _("适合出海")
        CLEARED_WITH_FOLLOW_UP = "cleared_with_follow_up", _("适合出海,需随访")
        NOT_CLEARED = "not_cleared", _("暂不适合出海")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clearances"
    )
    screening = models.ForeignKey(
        Screening, on_delete=models.SET_NULL, null=True, blank=True, related_name="clearances"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("结论"), max_length=30, choices=Decision.choices)
    valid_until = models.DateField(_("有效期至"))

    class Meta:
        verbose_name = _("健康入职结论")
        verbose_name_plural = _("健康入职结论")
        ordering = ["-created_at"]


class CampaignInvite(TimestampedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invites")
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screening_invites"
    )
    screening = models.ForeignKey(
        Screening, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "seafarer"], name="one_invite_per_person")
        ]


class LessonCompletion(TimestampedModel):
    """A seafarer finished a pre-departure self-care lesson (lessons are content files)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson_slug = models.SlugField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_slug"], name="one_completion_each")
        ]
