"""What the privacy page and the consent pages tell people, kept apart from the views."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seafarers_home.consent.models import ConsentKind


@dataclass(frozen=True)
class RetentionRow:
    data: Promise
    contents: Promise
    seen_by: Promise
    kept_for: Promise


RETENTION = [
    RetentionRow(
        _("账户"),
        _("手机号码、称呼、界面语言、时区、角色"),
        _("本人;平台管理员"),
        _("账户存续期间;删除账户时立即停用并匿名化"),
    ),
    RetentionRow(
        _("海员档案"),
        _("真实姓名、海员证号、职务、所在企业和船舶、紧急联系人"),
        _("本人;为您服务的医生和咨询员;工会工作人员;所在企业只看到船员名单所需的姓名、职务和船舶"),
        _("账户存续期间;您可随时删除"),
    ),
    RetentionRow(
        _("同意记录"),
        _("同意或撤回了哪一版文件、时间、来源地址"),
        _("本人;平台管理员"),
        _("账户注销后 3 年,用于证明处理有合法依据"),
    ),
    RetentionRow(
        _("心理测评(心理CT)"),
        _("量表答案、得分和结果"),
        _("本人;为您服务的医生"),
        _("最后一次测评后 5 年,或您撤回同意并要求删除时"),
    ),
    RetentionRow(
        _("咨询记录"),
        _("远程咨询的预约、医生的咨询记录和建议"),
        _("本人;接诊的医生和咨询员"),
        _("按医疗机构病历管理规定保存,不少于 15 年;加密存储"),
    ),
    RetentionRow(
        _("心理热线记录"),
        _("来电时间、时长、咨询员的记录、回拨安排"),
        _("本人;接听的咨询员和督导医生"),
        _("3 年;加密存储"),
    ),
    RetentionRow(
        _("在线咨询留言"),
        _("您的提问和医生的回复"),
        _("本人;回复的医生"),
        _("3 年,或您要求删除时"),
    ),
    RetentionRow(
        _("健康入职结论"),
        _("医生作出的“适合上岗 / 暂缓上岗”结论和日期"),
        _("本人;签发的医生;仅在您单独同意后,用人单位看到结论本身"),
        _("3 年"),
    ),
    RetentionRow(
        _("访问记录(审计日志)"),
        _("谁在何时、从哪里、为何查看或修改了哪条敏感记录"),
        _("本人(与您有关的部分);平台管理员"),
        _("5 年;只能追加,不能修改或删除"),
    ),
    RetentionRow(
        _("统计数据"),
        _("不含个人身份的汇总,例如完成测评的人数"),
        _("工会工作人员;企业只看到本企业的汇总;少于 5 人的统计格不显示"),
        _("长期"),
    ),
]

# What withdrawing each kind of consent means, in plain words, shown before confirming.
WITHDRAW_CONSEQUENCES: dict[str, list[Promise]] = {
    ConsentKind.TERMS: [
        _("撤回后,您将不能继续使用平台的在线服务。"),
        _("您的账户和记录不会因此自动删除;如需删除,请到“我的数据”页面。"),
    ],
    ConsentKind.PRIVACY: [
        _("撤回后,我们将不能为您提供需要处理个人信息的服务,包括登录后的全部服务。"),
        _("您的账户和记录不会因此自动删除;如需删除,请到“我的数据”页面。"),
    ],
    ConsentKind.HEALTH_DATA: [
        _(
            "撤回后,心理测评、远程咨询、在线咨询等需要处理健康信息的服务将停止为您提供,直到您再次同意。"
        ),
        _(
            "撤回前已经进行的处理仍然有效;已有的记录按保存期限保存,您可以在“我的数据”页面导出或申请删除。"
        ),
        _("撤回不影响紧急求助:您随时可以拨打页面顶部的心理热线或全国心理援助热线 12356。"),
    ],
    ConsentKind.SHARE_CLEARANCE: [
        _("撤回后,用人单位将看不到您以后的健康入职结论。"),
        _("撤回前已经告知用人单位的结论无法收回。"),
        _("这项同意是可选的,撤回不影响您使用其他服务。"),
    ],
}
