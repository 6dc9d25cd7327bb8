"""What each audit row's purpose means, in the reader's language.

Code passes ``purpose`` to ``record_audit`` / ``record_read`` as a short English phrase
(stable: it is part of the chained row); the audit log shows it through this table. A phrase
missing here shows as it was written (tests/audit/test_purposes.py keeps the table complete
for every phrase in the source).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PURPOSE_LABELS: dict[str, Promise] = {
    "activity organisation": _("组织活动"),
    "appointment booking": _("预约门诊"),
    "audit review": _("审计查阅"),
    "authentication": _("登录与身份验证"),
    "back office": _("后台管理"),
    "call room: who joined when": _("咨询室:进入记录"),
    "call room: who left when": _("咨询室:离开记录"),
    "certificate wallet": _("证书夹"),
    "clinic slot publishing": _("发布门诊号源"),
    "company names a crew member in a crew list": _("企业在船员名单中登记船员"),
    "company officer confirms a crew member": _("企业专员确认船员"),
    "company officer declines a crew membership request": _("企业专员拒绝船员申请"),
    "company officer maintains a vessel": _("企业专员维护船舶信息"),
    "company officer registers a vessel": _("企业专员登记船舶"),
    "consent": _("同意管理"),
    "consultation": _("远程咨询"),
    "consultation availability": _("咨询出诊时间"),
    "consultation preparation": _("咨询前准备"),
    "crisis": _("危机干预"),
    "critical incident response": _("重大事件应对"),
    "demo data": _("演示数据"),
    "fhir_export": _("导出医疗数据(FHIR)"),
    "fit-for-duty clearance (employer, with consent)": _("适岗证明(企业,经本人同意)"),
    "green channel (seafarer clinic)": _("绿色通道(海员心理咨询科)"),
    "hotline": _("心理热线"),
    "job application": _("求职投递"),
    "job posting": _("招聘岗位"),
    "job posting report": _("举报招聘岗位"),
    "job shortlist": _("岗位候选名单"),
    "knowledge base publication": _("发布到知识库"),
    "legal consultation preparation": _("法律咨询前准备"),
    "legal duty roster": _("法律值班表"),
    "online health consultation": _("在线健康咨询"),
    "organise crew screening": _("组织船员心理CT"),
    "personal data erasure (PIPL art. 47)": _("删除个人信息(个人信息保护法第四十七条)"),
    "personal data export (PIPL art. 45)": _("导出个人信息(个人信息保护法第四十五条)"),
    "pre-departure training": _("出海前培训"),
    "programme statistics": _("项目统计"),
    "rights protection case": _("维权案件"),
    "roster": _("值班表"),
    "screening": _("心理CT"),
    "screening review": _("心理CT审阅"),
    "sea frames": _("海上数据帧"),
    "seafarer maintains own profile": _("海员维护本人档案"),
    "self-service": _("本人自助"),
    "sending costs": _("发送费用"),
    "short messages": _("短报文"),
    "short-message terminal": _("短报文终端"),
    "training course application": _("培训报名"),
    "training course decisions": _("培训录取决定"),
    "training courses": _("培训课程"),
    "urgent consultation": _("紧急咨询"),
    "voyage care": _("航次关怀"),
    "voyage care: 14-day follow-up": _("航次关怀:归港14天随访"),
    "voyage care: safe-home plan": _("航次关怀:平安到家计划"),
}


def purpose_label(purpose: str) -> str:
    """The purpose in the reader's language; an unknown one as written."""
    label = PURPOSE_LABELS.get(purpose)
    return str(label) if label is not None else purpose
