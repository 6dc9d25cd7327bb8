"""Unions, the hospital and its departments, companies, vessels and seafarer profiles."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import mainland_mobile_validator
from seafarers_home.core.models import TimestampedModel

# A ship's registration or IMO number as papers print it: CN20151870018, 浙岱渔03588,
# ZS-A-0001, IMO 9123456. Letters, digits, Chinese characters, spaces, "-" and "/", with at
# least one digit; "!!!" or a lone word is not a number anyone could look up.
registration_number_validator = RegexValidator(
    r"^(?=.*[0-9])[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff \-/]*\Z",
    _("船舶登记号只能包含字母、数字、汉字、空格、“-”和“/”,并且至少有一个数字。"),
    code="registration_number",
)


class Organisation(TimestampedModel):
    class Kind(models.TextChoices):
        CITY_FEDERATION = "city_federation", _("市总工会")
        INDUSTRIAL_UNION = "industrial_union", _("海员产业工会")
        COMPANY_UNION = "company_union", _("企业工会")
        HOSPITAL = "hospital", _("医院")
        DEPARTMENT = "department", _("医院科室")
        COMPANY = "company", _("企业")
        # A partner law firm whose lawyers take legal-aid cases (under the union).
        LAW_FIRM = "law_firm", _("律师事务所")
        # The union's training centre or an accredited school.
        TRAINING_PROVIDER = "training_provider", _("培训机构")

    class CompanyKind(models.TextChoices):
        SHIP_OWNER = "ship_owner", _("船东/航运企业")
        FISHING = "fishing", _("渔业企业")
        CREWING = "crewing", _("船员服务机构")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=120)
    name_en = models.CharField(_("英文名称"), max_length=160, blank=True)
    code = models.SlugField(_("代码"), max_length=60, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级机构"),
        help_text=_("企业工会的上级是所属企业;科室的上级是医院。"),
    )
    company_kind = models.CharField(
        _("企业类别"), max_length=20, choices=CompanyKind.choices, blank=True
    )
    is_seafarer_clinic = models.BooleanField(
        _("海员心理咨询科"),
        default=False,
        help_text=_("医院科室中负责海员心理咨询与绿色通道的科室。"),
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        # Choices in forms (an activity's company, a case's law firm) and page text read it.
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the interface language: the English name where there is one."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @property
    def company(self) -> Organisation | None:
        """The company this organisation acts for: itself, or a company union's company."""
        if self.kind == self.Kind.COMPANY:
            return self
        if self.kind == self.Kind.COMPANY_UNION and self.parent_id:
            return self.parent
        return None


class Vessel(TimestampedModel):
    class Kind(models.TextChoices):
        DISTANT_WATER_FISHING = "distant_water_fishing", _("远洋渔船")
        OFFSHORE_FISHING = "offshore_fishing", _("近海渔船")
        COASTAL_CARGO = "coastal_cargo", _("沿海货船")
        OCEAN_GOING_MERCHANT = "ocean_going_merchant", _("远洋商船")
        OTHER = "other", _("其他")

    class Link(models.TextChoices):
        NONE = "none", _("无")
        BEIDOU = "beidou", _("北斗短报文")
        IRIDIUM = "iridium", _("铱星")
        VSAT = "vsat", _("VSAT 卫星宽带")
        COASTAL_4G = "coastal_4g", _("近岸 4G")

    name = models.CharField(_("船名"), max_length=80)
    registration_number = models.CharField(
        _("船舶登记号"), max_length=40, unique=True, validators=[registration_number_validator]
    )
    kind = models.CharField(_("船舶类型"), max_length=30, choices=Kind.choices)
    company = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="vessels",
        limit_choices_to={"kind": Organisation.Kind.COMPANY},
        verbose_name=_("所属企业"),
    )
    link_at_sea = models.CharField(
        _("海上通信"), max_length=20, choices=Link.choices, default=Link.NONE
    )

    class Meta:
        verbose_name = _("船舶")
        verbose_name_plural = _("船舶")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.registration_number})"


class SeafarerProfile(TimestampedModel):
    class Rank(models.TextChoices):
        MASTER = "master", _("船长")
        CHIEF_OFFICER = "chief_officer", _("大副")
        SECOND_OFFICER = "second_officer", _("二副")
        THIRD_OFFICER = "third_officer", _("三副")
        CHIEF_ENGINEER = "chief_engineer", _("轮机长")
        ENGINEER = "engineer", _("轮机员")
        BOSUN = "bosun", _("水手长")
        ABLE_SEAFARER = "able_seafarer", _("水手")
        MOTORMAN = "motorman", _("机工")
        COOK = "cook", _("厨师")
        FISHING_CAPTAIN = "fishing_captain", _("渔捞长")
        FISHERMAN = "fisherman", _("渔工")
        OTHER = "other", _("其他")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seafarer_profile"
    )
    real_name = models.CharField(_("真实姓名"), max_length=60)
    seafarers_book_number = models.CharField(
        _("海员证号"), max_length=30, unique=True, null=True, blank=True
    )
    rank = models.CharField(_("职务"), max_length=30, choices=Rank.choices, default=Rank.OTHER)
    company = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seafarers",
        limit_choices_to={"kind": Organisation.Kind.COMPANY},
        verbose_name=_("所属企业"),
    )
    # Joining a crew list is confirmed by the company, not claimed: a seafarer who picks a
    # company waits here until its officer confirms them (or names them in a crew CSV); only
    # then is ``company`` set, and everything that lists or counts a company's people reads
    # ``company`` alone.
    pending_company = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pending_seafarers",
        limit_choices_to={"kind": Organisation.Kind.COMPANY},
        verbose_name=_("待确认的企业"),
    )
    pending_since = models.DateTimeField(_("申请加入时间"), null=True, blank=True)
    current_vessel = models.ForeignKey(
        Vessel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="crew",
        verbose_name=_("当前船舶"),
    )
    emergency_contact_name = models.CharField(_("紧急联系人"), max_length=60, blank=True)
    emergency_contact_phone = models.CharField(
        _("紧急联系人电话"), max_length=20, blank=True, validators=[mainland_mobile_validator]
    )
    emergency_contact_relation = models.CharField(_("与本人关系"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("海员档案")
        verbose_name_plural = _("海员档案")

    def __str__(self) -> str:
        return self.real_name
