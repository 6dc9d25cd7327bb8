"""The closed catalogue of audit action codes (as pretix's and Zulip's audit log types).

Every row of the trail names what happened with one of these dotted codes, ``<area>.<verb>``
(``alert.raise``, ``hotline.callback_request``). ``record_audit`` refuses a code that is not
here, and ``tests/audit/test_catalogue.py`` reads the source to check that every audit call
writes a catalogued code and that every current code is written somewhere. The label is what
the audit viewer shows beside the code.

A code that is renamed or no longer written moves to ``LEGACY_ACTIONS``: old rows keep the code
they were stored with (the chain hashes it) and still read with a label, while new rows cannot
use it. To add an action: a member here, then call ``record_audit`` with its code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """Codes written today. The value is stored in ``AuditEvent.action``."""

    # Accounts and signing in
    ACCOUNT_PROFILE_UPDATE = "account.profile.update", _("修改个人资料与设置")
    ACCOUNT_REGISTERED = "account.registered", _("注册账号")
    API_TOKEN_ISSUED = "api_token.issued", _("签发 API 令牌")
    API_TOKEN_REVOKED = "api_token.revoked", _("吊销 API 令牌")
    AUTH_IDLE_TIMEOUT = "auth.idle_timeout", _("空闲超时退出")
    AUTH_LOCKED = "auth.locked", _("账号因多次失败被锁定")
    AUTH_LOGIN = "auth.login", _("登录")
    AUTH_LOGIN_FAILED = "auth.login_failed", _("登录失败")
    AUTH_LOGOUT = "auth.logout", _("退出登录")
    AUTH_SMS_CODE_SENT = "auth.sms_code_sent", _("发送短信验证码")
    AUTH_TWO_FACTOR = "auth.two_factor", _("通过两步验证")
    TOTP_ENROLLED = "totp.enrolled", _("启用身份验证器")
    TOTP_ENROLMENT_STARTED = "totp.enrolment_started", _("开始绑定身份验证器")
    # Union activities (海员活动)
    ACTIVITIES_ATTENDANCE_EXPORT = "activities.attendance_export", _("活动:下载签到表")
    ACTIVITIES_CANCEL = "activities.cancel", _("活动:取消活动")
    ACTIVITIES_CHECK_IN = "activities.check_in", _("活动:签到")
    ACTIVITIES_OFFER_CONFIRM = "activities.offer_confirm", _("活动:确认候补递补名额")
    ACTIVITIES_OFFER_LAPSE = "activities.offer_lapse", _("活动:候补递补逾期未确认")
    ACTIVITIES_PUBLISH = "activities.publish", _("活动:发布活动")
    ACTIVITIES_SIGN_UP = "activities.sign_up", _("活动:报名")
    ACTIVITIES_SIGN_UP_CANCEL = "activities.sign_up_cancel", _("活动:取消报名")
    # Back office (Django admin)
    ADMIN_ADD = "admin.add", _("后台新增记录")
    ADMIN_CHANGE = "admin.change", _("后台修改记录")
    ADMIN_DELETE = "admin.delete", _("后台删除记录")
    ADMIN_ROLE_GRANTED = "admin.role_granted", _("后台授予角色")
    ADMIN_ROLE_REVOKED = "admin.role_revoked", _("后台撤销角色")
    ADMIN_ROLES_CHANGED = "admin.roles_changed", _("后台修改角色")
    ADMIN_TOTP_RESET = "admin.totp_reset", _("后台重置身份验证器")
    ADMIN_USER_CHANGED = "admin.user_changed", _("后台修改用户")
    ADMIN_USER_CREATED = "admin.user_created", _("后台创建用户")
    # Crisis alerts
    ALERT_ACKNOWLEDGE = "alert.acknowledge", _("确认危机警报")
    ALERT_ATTEMPT = "alert.attempt", _("记录联系未成功")
    ALERT_ESCALATE = "alert.escalate", _("危机警报升级")
    ALERT_HELP_NOW = "alert.help_now", _("按下“我现在需要帮助”")
    ALERT_HELP_NOW_MISTAKEN = "alert.help_now_mistaken", _("说明“我现在需要帮助”是按错了")
    ALERT_RAISE = "alert.raise", _("发出危机警报")
    ALERT_READ = "alert.read", _("查看危机警报")
    ALERT_RESOLVE = "alert.resolve", _("结束危机警报")
    # The audit trail itself
    AUDIT_VIEW = "audit.view", _("查看审计记录")
    # Call rooms
    CALLROOM_JOIN = "callroom.join", _("进入通话室")
    CALLROOM_LEAVE = "callroom.leave", _("离开通话室")
    # Certificate wallet (issue 12)
    CERTIFICATE_ADD = "certificate.add", _("证书夹:添加证书")
    CERTIFICATE_ISSUE = "certificate.issue", _("证书夹:培训机构签发证书")
    CERTIFICATE_REMOVE = "certificate.remove", _("证书夹:删除证书")
    CERTIFICATE_UPDATE = "certificate.update", _("证书夹:修改证书")
    # Training courses (issue 12)
    COURSE_APPLY = "course.apply", _("培训报名:报名")
    COURSE_ATTENDANCE = "course.attendance", _("培训报名:记录结业或缺席")
    COURSE_CREATE = "course.create", _("培训报名:发布课程")
    COURSE_DECIDE = "course.decide", _("培训报名:审核报名")
    COURSE_OFFER_CONFIRM = "course.offer_confirm", _("培训报名:确认递补的名额")
    COURSE_OFFER_LAPSE = "course.offer_lapse", _("培训报名:候补递补逾期未确认")
    COURSE_PROMOTE = "course.promote", _("培训报名:候补递补")
    COURSE_SESSION_CANCEL = "course.session_cancel", _("培训报名:取消班次")
    COURSE_SESSION_CREATE = "course.session_create", _("培训报名:发布班次")
    COURSE_WITHDRAW = "course.withdraw", _("培训报名:取消报名")
    # Consent and personal data
    CONSENT_ACCEPT = "consent.accept", _("同意文件")
    CONSENT_WITHDRAW = "consent.withdraw", _("撤回同意")
    PERSONAL_DATA_ERASE = "personal_data.erase", _("删除个人信息")
    PERSONAL_DATA_EXPORT = "personal_data.export", _("导出个人信息")
    # Consultations
    CONSULTATION_NOTE_EDIT = "consultation_note.edit", _("修改咨询记录")
    CONSULTATION_NOTE_READ_SUMMARY = "consultation_note.read_summary", _("查看咨询记录摘要")
    CONSULTATION_NOTE_WRITE = "consultation_note.write", _("撰写咨询记录")
    CONSULTATIONS_ATTENDED = "consultations.attended", _("记录咨询已进行")
    CONSULTATIONS_BOOK = "consultations.book", _("预约咨询")
    CONSULTATIONS_BOOKINGS_READ = "consultations.bookings_read", _("查看预约列表")
    CONSULTATIONS_CANCEL = "consultations.cancel", _("取消预约")
    CONSULTATIONS_EXCEPTION_ADD = "consultations.exception_add", _("添加出诊例外")
    CONSULTATIONS_EXCEPTION_REMOVE = "consultations.exception_remove", _("删除出诊例外")
    CONSULTATIONS_HOURS_ADD = "consultations.hours_add", _("添加每周出诊时间")
    CONSULTATIONS_HOURS_REMOVE = "consultations.hours_remove", _("删除每周出诊时间")
    CONSULTATIONS_NO_SHOW = "consultations.no_show", _("记录未到")
    CONSULTATIONS_PUBLISH_SLOTS = "consultations.publish_slots", _("发布可预约时段")
    CONSULTATIONS_RESCHEDULE = "consultations.reschedule", _("改约咨询")
    URGENT_CONSULTATION_CALLBACK = "urgent_consultation.callback", _("紧急咨询:安排回电")
    URGENT_CONSULTATION_CALLBACK_RESULT = (
        "urgent_consultation.callback_result",
        _("紧急咨询:记录回电结果"),
    )
    URGENT_CONSULTATION_CLOSE = "urgent_consultation.close", _("紧急咨询:结束")
    URGENT_CONSULTATION_OPEN = "urgent_consultation.open", _("紧急咨询:发起")
    URGENT_CONSULTATION_READ = "urgent_consultation.read", _("查看紧急咨询")
    URGENT_CONSULTATION_ROOM = "urgent_consultation.room", _("紧急咨询:开通话室")
    URGENT_CONSULTATION_TAKE = "urgent_consultation.take", _("紧急咨询:接手")
    # Demo data
    DEMO_LOAD = "demo.load", _("载入演示数据")
    # The hotline
    HOTLINE_ACCEPT = "hotline.accept", _("热线:接听来电")
    HOTLINE_CALLBACK_ATTEMPT = "hotline.callback_attempt", _("热线:记录回电尝试")
    HOTLINE_CALLBACK_CANCEL = "hotline.callback_cancel", _("热线:取消回电")
    HOTLINE_CALLBACK_REQUEST = "hotline.callback_request", _("热线:申请回电")
    HOTLINE_CRISIS = "hotline.crisis", _("热线:记录危机处置")
    HOTLINE_DECLINE = "hotline.decline", _("热线:拒接来电")
    # Also written by the periodic drop of calls whose counsellor went silent (drop_stale_calls).
    HOTLINE_DROPPED = "hotline.dropped", _("热线:来电中断")
    HOTLINE_END = "hotline.end", _("热线:结束通话")
    HOTLINE_FOLLOW_UP_DONE = "hotline.follow_up_done", _("热线:完成随访")
    HOTLINE_HANG_UP = "hotline.hang_up", _("热线:来电方挂断")
    HOTLINE_JOIN = "hotline.join", _("热线:进入排队")
    HOTLINE_NO_ANSWER = "hotline.no_answer", _("热线:无人接听")
    HOTLINE_OFFER_TIMEOUT = "hotline.offer_timeout", _("热线:分配超时")
    HOTLINE_RECORD = "hotline.record", _("热线:填写通话记录")
    HOTLINE_RECORD_READ = "hotline.record_read", _("热线:查看通话记录")
    HOTLINE_SHIFT_ADD = "hotline.shift_add", _("热线:添加排班")
    HOTLINE_SHIFT_REMOVE = "hotline.shift_remove", _("热线:删除排班")
    HOTLINE_STATE = "hotline.state", _("热线:切换接听状态")
    HOTLINE_WEBHOOK_RECORD = "hotline.webhook_record", _("热线:电话系统记录通话")
    # Critical incidents at sea (issue 15)
    INCIDENTS_ADD_PEOPLE = "incidents.add_people", _("重大事件:添加受影响人员")
    INCIDENTS_ASK_CONTACT = "incidents.ask_contact", _("重大事件:海员请求联系")
    INCIDENTS_ASSIGN = "incidents.assign", _("重大事件:指派负责人员")
    INCIDENTS_CLOSE = "incidents.close", _("重大事件:结束事件")
    INCIDENTS_CONTACT = "incidents.contact", _("重大事件:记录联系")
    INCIDENTS_CREWMATE_REPORT = "incidents.crewmate_report", _("报告船员可能处于危机中")
    INCIDENTS_FAMILY_ADD = "incidents.family_add", _("重大事件:海员添加家属联系人")
    INCIDENTS_FAMILY_REMOVE = "incidents.family_remove", _("重大事件:海员删除家属联系人")
    INCIDENTS_HAND_OVER = "incidents.hand_over", _("重大事件:转交后续照护")
    INCIDENTS_OPEN = "incidents.open", _("重大事件:开启事件")
    INCIDENTS_READ = "incidents.read", _("查看重大事件人员的评估")
    INCIDENTS_REFER = "incidents.refer", _("重大事件:转介远程咨询与绿色通道")
    INCIDENTS_REVIEW = "incidents.review", _("重大事件:记录事后复盘")
    INCIDENTS_SCORE = "incidents.score", _("重大事件:记录医生评估得分")
    # Company job postings (issue 13)
    JOBS_APPLY = "jobs.apply", _("企业招聘:投递")
    JOBS_APPLICATION_MOVE = "jobs.application_move", _("企业招聘:更新投递状态")
    JOBS_COMPANY_STANDING = "jobs.company_standing", _("企业招聘:认证或暂停企业")
    JOBS_EXPORT = "jobs.export", _("企业招聘:导出入围名单")
    JOBS_MESSAGE = "jobs.message", _("企业招聘:投递留言")
    JOBS_POSTING_CLOSE = "jobs.posting_close", _("企业招聘:岗位自动截止")
    JOBS_POSTING_CREATE = "jobs.posting_create", _("企业招聘:发布岗位")
    JOBS_POSTING_EDIT = "jobs.posting_edit", _("企业招聘:修改岗位")
    JOBS_POSTING_REVIEW = "jobs.posting_review", _("企业招聘:审核岗位")
    JOBS_POSTING_SUSPEND = "jobs.posting_suspend", _("企业招聘:暂停岗位")
    JOBS_REPORT = "jobs.report", _("企业招聘:举报岗位")
    JOBS_SEARCH_DELETE = "jobs.search_delete", _("企业招聘:删除订阅")
    JOBS_SEARCH_SAVE = "jobs.search_save", _("企业招聘:保存订阅")
    JOBS_WITHDRAW = "jobs.withdraw", _("企业招聘:撤回投递")
    # The message board
    INQUIRY_ASK = "inquiry.ask", _("留言板:提问")
    INQUIRY_CLAIM = "inquiry.claim", _("留言板:认领问题")
    INQUIRY_ESCALATE = "inquiry.escalate", _("留言板:超时升级")
    INQUIRY_FOLLOW_UP = "inquiry.follow_up", _("留言板:追问")
    INQUIRY_MARK_ANSWERED = "inquiry.mark_answered", _("留言板:标记已答复")
    INQUIRY_PHOTO_READ = "inquiry.photo_read", _("留言板:查看照片")
    INQUIRY_PUBLISH = "inquiry.publish", _("留言板:发布到知识库")
    INQUIRY_QUEUE = "inquiry.queue", _("留言板:查看问题队列")
    INQUIRY_READ = "inquiry.read", _("留言板:查看问题")
    INQUIRY_RELEASE = "inquiry.release", _("留言板:释放问题")
    INQUIRY_REPLY = "inquiry.reply", _("留言板:答复")
    INQUIRY_SPECIALTIES = "inquiry.specialties", _("留言板:设置擅长类别")
    INQUIRY_TEMPLATE_DELETE = "inquiry.template_delete", _("留言板:删除答复模板")
    INQUIRY_TEMPLATE_SAVE = "inquiry.template_save", _("留言板:保存答复模板")
    INQUIRY_UNPUBLISH = "inquiry.unpublish", _("留言板:从知识库撤下")
    # The short-message channel (issue 14 items 3, 4, 6)
    SHORT_MESSAGES_RECEIVE = "short_messages.receive", _("短报文:收到短报文")
    SHORT_MESSAGES_TERMINAL_BIND = "short_messages.terminal_bind", _("短报文:发送终端绑定验证码")
    SHORT_MESSAGES_TERMINAL_CONFIRM = "short_messages.terminal_confirm", _("短报文:终端绑定成功")
    SHORT_MESSAGES_TERMINAL_SETTINGS = (
        "short_messages.terminal_settings",
        _("短报文:修改海上主动问候"),
    )
    SHORT_MESSAGES_TERMINAL_UNBIND = "short_messages.terminal_unbind", _("短报文:解除终端绑定")
    # Organisations
    ORGANISATIONS_MEMBERSHIP_CONFIRM = "organisations.membership.confirm", _("确认船员隶属")
    ORGANISATIONS_MEMBERSHIP_DECLINE = "organisations.membership.decline", _("拒绝船员隶属")
    ORGANISATIONS_PROFILE_CREATE = "organisations.profile.create", _("建立海员档案")
    ORGANISATIONS_PROFILE_UPDATE = "organisations.profile.update", _("修改海员档案")
    ORGANISATIONS_VESSEL_CREATE = "organisations.vessel.create", _("添加船舶")
    ORGANISATIONS_VESSEL_UPDATE = "organisations.vessel.update", _("修改船舶")
    # Rights protection (维权保障)
    RIGHTS_ASSIGN = "rights.assign", _("维权:指派律师事务所")
    RIGHTS_CASE_DRAFT = "rights.case_draft", _("维权:保存案件草稿")
    RIGHTS_CASE_READ = "rights.case_read", _("维权:查看案件")
    RIGHTS_CASE_SUBMIT = "rights.case_submit", _("维权:提交案件")
    RIGHTS_CLAIM = "rights.claim", _("维权:认领案件")
    RIGHTS_CREW_ADD = "rights.crew_add", _("维权:从船员记录添加共同申请人")
    RIGHTS_CREW_DECLINE = "rights.crew_decline", _("维权:船员拒绝加入共同案件")
    RIGHTS_CREW_READ = "rights.crew_read", _("维权:查看船舶船员记录")
    RIGHTS_DUTY_ADD = "rights.duty_add", _("维权:添加法律工作者值班")
    RIGHTS_DUTY_REMOVE = "rights.duty_remove", _("维权:删除法律工作者值班")
    RIGHTS_ENTRY = "rights.entry", _("维权:添加案件记录")
    RIGHTS_ESCALATE = "rights.escalate", _("维权:紧急案件超时升级")
    RIGHTS_EVIDENCE_ADD = "rights.evidence_add", _("维权:上传证据")
    RIGHTS_EVIDENCE_READ = "rights.evidence_read", _("维权:查看证据")
    RIGHTS_JOIN = "rights.join", _("维权:船员加入共同案件")
    RIGHTS_LEGAL_AID_APPLY = "rights.legal_aid_apply", _("维权:申请法律援助")
    RIGHTS_LEGAL_AID_DECIDE = "rights.legal_aid_decide", _("维权:审批法律援助")
    RIGHTS_QUEUE = "rights.queue", _("维权:查看案件队列")
    RIGHTS_SEAFARER_MESSAGE = "rights.seafarer_message", _("维权:海员留言")
    RIGHTS_STATUS = "rights.status", _("维权:变更案件状态")
    # Binary frames from bridge PCs and modems (issue 14 items 5 and 7)
    SEA_FRAMES_DEVICE_REGISTER = "sea_frames.device_register", _("短数据:登记终端")
    SEA_FRAMES_DEVICE_REVOKE = "sea_frames.device_revoke", _("短数据:停用终端")
    SEA_FRAMES_FRAME_RECEIVE = "sea_frames.frame_receive", _("短数据:收到短数据帧")
    SEA_FRAMES_LINK_SAVE = "sea_frames.link_save", _("短数据:设置船舶通信方式和价格")
    # Screening (心理CT)
    CLEARANCE_EMPLOYER_VIEW = "clearance.employer_view", _("企业查看适岗结论")
    CLEARANCE_ISSUE = "clearance.issue", _("出具适岗结论")
    SCREENING_CAMPAIGN_CREATE = "screening.campaign.create", _("创建筛查活动")
    SCREENING_CAMPAIGN_IMPORT = "screening.campaign.import", _("导入筛查活动名单")
    SCREENING_COMPLETE = "screening.complete", _("完成心理CT")
    SCREENING_LESSON_COMPLETE = "screening.lesson.complete", _("完成自助课程")
    SCREENING_RESPONSE_EXPORTED = "screening.response_exported", _("导出量表答卷")
    SCREENING_RESPONSE_REPLACE = "screening.response_replace", _("重新提交量表")
    SCREENING_RESPONSE_SUBMIT = "screening.response_submit", _("提交量表")
    SCREENING_REVIEW = "screening.review", _("复核心理CT")
    SCREENING_REVIEW_QUEUE = "screening.review_queue", _("查看复核队列")
    SCREENING_START = "screening.start", _("开始心理CT")
    SCREENING_VIEW = "screening.view", _("查看心理CT结果")
    # Voyages and care through a voyage
    VOYAGES_CANCEL = "voyages.cancel", _("取消航次")
    VOYAGES_CARE_TASK_COMPLETE = "voyages.care_task.complete", _("完成关怀任务")
    VOYAGES_CARE_TASK_DISMISS = "voyages.care_task.dismiss", _("忽略关怀任务")
    VOYAGES_DASHBOARD_VIEW = "voyages.dashboard.view", _("查看关怀项目看板")
    VOYAGES_DEPART = "voyages.depart", _("记录出航")
    VOYAGES_FOLLOW_UP_RECORD = "voyages.follow_up.record", _("记录返航随访")
    VOYAGES_FOLLOW_UP_VIEW = "voyages.follow_up.view", _("查看返航随访")
    VOYAGES_GREEN_CHANNEL_CLINIC_DAY = "voyages.green_channel.clinic_day", _("查看门诊日绿色通道")
    VOYAGES_GREEN_CHANNEL_REFER = "voyages.green_channel.refer", _("绿色通道转诊")
    VOYAGES_IMPORT = "voyages.import", _("导入船员名单")
    VOYAGES_READINESS_VIEW = "voyages.readiness_view", _("查看出航准备情况")
    VOYAGES_RECORD = "voyages.record", _("记录航次")
    VOYAGES_RETURN = "voyages.return", _("记录返航")
    VOYAGES_SAFE_HOME_REVOKE = "voyages.safe_home.revoke", _("撤回安心回家链接")
    VOYAGES_SAFE_HOME_SHARE = "voyages.safe_home.share", _("分享安心回家链接")


# Reads of personal or health data: written only through ``audit.reads.record_read``.
READ_ACTIONS: frozenset[str] = frozenset(
    {
        AuditAction.ACTIVITIES_ATTENDANCE_EXPORT,
        AuditAction.ALERT_READ,
        AuditAction.INCIDENTS_READ,
        AuditAction.JOBS_EXPORT,
        AuditAction.AUDIT_VIEW,
        AuditAction.CLEARANCE_EMPLOYER_VIEW,
        AuditAction.CONSULTATION_NOTE_READ_SUMMARY,
        AuditAction.CONSULTATIONS_BOOKINGS_READ,
        AuditAction.HOTLINE_RECORD_READ,
        AuditAction.INQUIRY_PHOTO_READ,
        AuditAction.INQUIRY_QUEUE,
        AuditAction.INQUIRY_READ,
        AuditAction.RIGHTS_CASE_READ,
        AuditAction.RIGHTS_CREW_READ,
        AuditAction.RIGHTS_EVIDENCE_READ,
        AuditAction.RIGHTS_QUEUE,
        AuditAction.SCREENING_RESPONSE_EXPORTED,
        AuditAction.SCREENING_REVIEW_QUEUE,
        AuditAction.SCREENING_VIEW,
        AuditAction.URGENT_CONSULTATION_READ,
        AuditAction.VOYAGES_DASHBOARD_VIEW,
        AuditAction.VOYAGES_FOLLOW_UP_VIEW,
        AuditAction.VOYAGES_GREEN_CHANNEL_CLINIC_DAY,
        AuditAction.VOYAGES_READINESS_VIEW,
    }
)

# Codes of rows stored before a rename, or written outside ``record_audit``: they still read
# with a label in the viewer, but no new row may use them.
LEGACY_ACTIONS: dict[str, Promise] = {
    # Written once, by migration 0004, when the chain was re-hashed under the audit key.
    "audit.chain_keyed": _("审计链改用密钥签名"),
    # Issue 17: the web profile form and the API settings update became one action.
    "account.profile_updated": _("修改个人资料(旧代码)"),
    "account.settings.update": _("通过 API 修改设置(旧代码)"),
    # Issue 17: the call room became its own app (the room's kind is in the row's detail).
    "consultation.join": _("进入咨询通话室(旧代码)"),
    "consultation.leave": _("离开咨询通话室(旧代码)"),
    # Issue 17: beside voyages.care_task.complete.
    "care.task_dismissed": _("忽略关怀任务(旧代码)"),
    # Issue 17 item 12: written by a function nothing called (do_withdraw_slot).
    "consultations.withdraw_slot": _("撤下可预约时段"),
}


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    label: Promise | str
    current: bool


CATALOGUE: dict[str, CatalogueEntry] = {
    **{code: CatalogueEntry(code, label, False) for code, label in LEGACY_ACTIONS.items()},
    **{member.value: CatalogueEntry(member.value, member.label, True) for member in AuditAction},
}


def is_known(code: str) -> bool:
    """Whether new rows may be written with ``code`` (legacy codes may not)."""
    entry = CATALOGUE.get(code)
    return entry is not None and entry.current


def checked_action(code: str) -> str:
    """``code`` as a plain string, or ValueError when the catalogue does not list it as a
    current code (``record_audit`` calls this before it writes anything)."""
    if not is_known(code):
        raise ValueError(f"unknown audit action {code!r}: add it to audit/catalogue.py")
    return str(code)


def label_for(code: str) -> str:
    """The viewer's words for a stored code; empty for a code the catalogue never listed."""
    entry = CATALOGUE.get(code)
    return str(entry.label) if entry is not None else ""
