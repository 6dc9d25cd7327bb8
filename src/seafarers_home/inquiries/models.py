"""健康在线咨询: the online health message board.

A seafarer asks a ``Question`` (text, optional details, up to 3 re-encoded photos); clinicians
claim it, reply in a thread of ``Reply`` rows (the seafarer's follow-ups are replies too), and
mark it answered. Answered threads whose authors agreed become ``KnowledgeEntry`` rows: a
de-identified copy the answering clinician edits before publication, searchable through the
character n-gram index ``KnowledgeTerm`` (Chinese has no spaces between words).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.core.models import TimestampedModel
from seafarers_home.triage.safety import SafetyAnswer


class Category(models.TextChoices):
    MENTAL = "mental", _("心理健康")
    PHYSICAL = "physical", _("身体健康")
    PREVENTION = "prevention", _("疾病预防与治疗")
    MEDICATION = "medication", _("用药")
    DIET = "diet", _("饮食与营养")
    OTHER = "other", _("其他")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("普通")
    # A physical red flag: top of the queue, the seafarer is told to contact the master and
    # the radio medical service at once.
    URGENT_PHYSICAL = "urgent_physical", _("紧急(身体)")
    # A mental-health red flag: a crisis alert is raised as for screening.
    URGENT_MENTAL = "urgent_mental", _("紧急(心理危机)")


class Question(TimestampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("待回复")
        CLAIMED = "claimed", _("医生处理中")
        AWAITING_SEAFARER = "awaiting_seafarer", _("等待您补充")
        ANSWERED = "answered", _("已回复")
        CLOSED = "closed", _("已关闭")

    class AgeBand(models.TextChoices):
        UNDER_25 = "under_25", _("25岁以下")
        AGE_25_34 = "25_34", _("25–34岁")
        AGE_35_44 = "35_44", _("35–44岁")
        AGE_45_54 = "45_54", _("45–54岁")
        AGE_55_PLUS = "55_plus", _("55岁及以上")

    class Duration(models.TextChoices):
        DAYS = "days", _("几天")
        WEEKS = "weeks", _("几周")
        MONTHS = "months", _("几个月")
        LONGER = "longer", _("更久")

    class Location(models.TextChoices):
        AT_SEA = "at_sea", _("在船上(海上)")
        IN_PORT = "in_port", _("在船上(港内)")
        ASHORE = "ashore", _("在岸上")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_questions"
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    title = models.CharField(_("标题"), max_length=80)
    body = EncryptedTextField(_("问题描述"))
    age_band = models.CharField(_("年龄段"), max_length=10, choices=AgeBand.choices, blank=True)
    duration = models.CharField(_("持续多久"), max_length=10, choices=Duration.choices, blank=True)
    location = models.CharField(_("现在在哪"), max_length=10, choices=Location.choices, blank=True)
    medicine_chest = models.CharField(_("船上药箱情况"), max_length=200, blank=True)
    allow_publish = models.BooleanField(_("允许匿名发布到知识库"), default=False)
    # The answer to the explicit safety question (triage/safety.py): "yes", "no" or "" (not
    # answered). A "yes" raised a crisis alert whatever the text said.
    safety_answer = models.CharField(
        _("最近有没有伤害自己或结束生命的想法"),
        max_length=3,
        choices=SafetyAnswer.choices,
        blank=True,
        default="",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    urgency = models.CharField(
        _("紧急程度"), max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    # Red-flag rule codes that matched (e.g. ["suicide", "chest_pain"]): no text copied.
    red_flags = models.JSONField(default=list, blank=True)
    # When the promised answer time runs out (24 h, 1 h if urgent; settings).
    due_at = models.DateTimeField(_("承诺回复时间"), db_index=True)
    escalated_at = models.DateTimeField(_("超时升级时间"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_questions",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    first_answered_at = models.DateTimeField(_("首次回复时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("标记已回复时间"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True)
    payload_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("在线咨询留言")
        verbose_name_plural = _("在线咨询留言")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_question_idempotency_key",
            )
        ]
        indexes = [models.Index(fields=["status", "urgency", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_staff_status_display(self) -> str:
        """The status as the clinicians' pages say it (the labels above speak to the seafarer:
        "等待您补充" read by a doctor means the doctor)."""
        return str(STAFF_STATUS_LABELS[self.status])


# The statuses in the clinicians' words, in the order of Question.Status.
STAFF_STATUS_LABELS = {
    Question.Status.OPEN: _("待认领"),
    Question.Status.CLAIMED: _("医生处理中"),
    Question.Status.AWAITING_SEAFARER: _("等待海员补充"),
    Question.Status.ANSWERED: _("已回复"),
    Question.Status.CLOSED: _("已关闭"),
}
STAFF_STATUS_CHOICES = list(STAFF_STATUS_LABELS.items())


class QuestionPhoto(TimestampedModel):
    """A photo as re-encoded by the server (JPEG, small, no EXIF): the original is not kept."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="photos")
    image = models.BinaryField()  # JPEG bytes; a few tens of KB, served through an access check
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    byte_size = models.PositiveIntegerField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "position"]


class Reply(TimestampedModel):
    class Kind(models.TextChoices):
        ANSWER = "answer", _("医生回复")
        CLARIFICATION = "clarification", _("医生追问")
        FOLLOW_UP = "follow_up", _("海员补充")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    body = EncryptedTextField(_("内容"))
    idempotency_key = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("回复")
        verbose_name_plural = _("回复")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "author", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_reply_idempotency_key",
            )
        ]


class AnswerTemplate(TimestampedModel):
    """A saved answer a clinician starts from (their own, or shared with all clinicians)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answer_templates"
    )
    title = models.CharField(_("名称"), max_length=80)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, blank=True)
    body = models.TextField(_("内容"))
    shared = models.BooleanField(_("所有医生可用"), default=False)

    class Meta:
        verbose_name = _("回复模板")
        verbose_name_plural = _("回复模板")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ClinicianSpecialty(TimestampedModel):
    """A category a clinician answers: the queue's "my specialty" filter."""

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inquiry_specialties"
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)

    class Meta:
        verbose_name = _("医生专长")
        verbose_name_plural = _("医生专长")
        ordering = ["clinician", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinician", "category"], name="unique_clinician_specialty"
            )
        ]


class KnowledgeEntry(TimestampedModel):
    """A published, de-identified question and answer: public, no link back to the author
    on any page (``question`` is kept only so unpublishing and erasure can find it)."""

    question = models.OneToOneField(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="knowledge_entry"
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, db_index=True)
    title = models.CharField(_("标题"), max_length=80)
    question_text = models.TextField(_("问题"))
    answer_text = models.TextField(_("回答"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), db_index=True)
    is_published = models.BooleanField(default=True, db_index=True)

    class Meta:
        verbose_name = _("知识库条目")
        verbose_name_plural = _("知识库条目")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title


class KnowledgeTerm(models.Model):
    """The search index: one row per distinct character bigram (or lower-cased Latin word)
    of an entry. Portable across SQLite and PostgreSQL; rebuilt whenever the entry changes."""

    entry = models.ForeignKey(KnowledgeEntry, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=40)
    # How often the term occurs in the entry (title occurrences weigh more): for ranking.
    weight = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "entry"], name="unique_knowledge_term")
        ]
        # Covering (issue 20 item 4): a search reads term, entry and weight from the index
        # alone (an index-only scan on PostgreSQL), not one heap page per matching row.
        indexes = [models.Index(fields=["term", "entry", "weight"], name="knowledge_term_cover")]


class StatsSnapshot(models.Model):
    """The message board's statistics for one period as last built by the worker (issue 20
    item 4): the union's page reads this row instead of aggregating every question of the
    period on each view. Already small-cell suppressed, without labels
    (``inquiries.stats_snapshot``)."""

    months = models.PositiveSmallIntegerField(unique=True)
    built_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        verbose_name = _("留言统计快照")
        verbose_name_plural = _("留言统计快照")
