# ruff: noqa: E501 - long lines of prose: the published text, paragraph per line
"""Version 1 of the four consent documents, as published by the data migration.

Frozen: a later change is a new version (a new module and migration), never an edit here,
because people's acceptances point at exactly this text."""

from __future__ import annotations

from typing import Any

CONTACT_ZH = (
    "联系我们:平台运营方舟山市海员产业工会设有个人信息保护负责人。您可以通过"
    "“我的数据”页面在线行使权利,或通过隐私说明页面公布的联系方式与我们联系,"
    "我们将在 15 个工作日内答复。"
)
CONTACT_EN = (
    "Contact: the operator, the city seafarers' industrial union, has a person responsible "
    'for personal information protection. You can exercise your rights online on the "My '
    'data" page or through the contact details on the privacy page; we answer within 15 '
    "working days."
)

TERMS = {
    "kind": "terms",
    "is_optional": False,
    "title": "海员之家服务条款",
    "title_en": "Seafarers' Home terms of service",
    "summary": (
        "海员之家是海员产业工会与医院共建的海员服务平台,免费提供心理健康服务、维权、活动、"
        "招聘和培训信息。在线服务提供咨询、建议和随访,不替代线下诊断和处方。"
    ),
    "summary_en": (
        "Seafarers' Home is the seafarers' service platform run by the seafarers' union with a "
        "city hospital. Its services are free. Online care offers counselling, advice and "
        "follow-up; it does not replace a diagnosis or prescription at the clinic."
    ),
    "body": """一、平台是什么
海员之家由舟山市海员产业工会运营,与市医院精神科(海员心理咨询科)合作提供“心航”海员心理健康服务,并提供维权保障、海员活动、企业招聘和培训报名等服务。平台对海员免费。

二、在线服务的范围
心理测评、远程咨询、心理热线和在线咨询提供心理健康评估、咨询、建议和随访。按照国家关于互联网诊疗的规定,首次诊断和精神类药物处方必须到医院海员心理咨询科线下就诊,平台为您预约“绿色通道”。

三、紧急情况
平台不是急救服务。如果您或身边的人有生命危险,请立即拨打 120、110,或拨打平台心理热线、全国心理援助热线 12356。船上遇险请按船舶应急程序报告。

四、您的账户
请使用本人手机号注册,妥善保管密码和验证码,不要与他人共用账户。在共用手机或驾驶台电脑上使用后请退出登录。

五、使用规则
请如实填写信息,尊重医生、咨询员和其他海员,不要发布违法、侮辱或他人隐私的内容。违反规则的,平台可以暂停账户。

六、个人信息
我们按照《隐私政策》处理您的个人信息;心理健康信息另需您的单独同意。

七、条款变更
条款更新时,我们会在平台公布新版本并请您重新阅读和同意。

八、联系我们
"""
    + CONTACT_ZH,
    "body_en": """1. What the platform is
Seafarers' Home is run by the city seafarers' industrial union together with the psychiatry department (the seafarer psychology clinic) of the city hospital. It offers the "Heart Voyage" mental health service, rights protection, seafarer activities, job postings and training registration. It is free for seafarers.

2. What online care covers
Screening, remote consultations, the hotline and the online message board offer assessment, counselling, advice and follow-up. Under Chinese rules for online care, a first diagnosis and any prescription of psychotropic drugs happen in person at the seafarer psychology clinic; the platform books you into the green channel.

3. Emergencies
The platform is not an emergency service. If a life is in danger call 120 or 110, the platform hotline or the national psychological assistance line 12356. At sea, follow the ship's emergency procedures.

4. Your account
Register with your own mobile number, keep your password and codes to yourself and do not share the account. Sign out after using a shared phone or the bridge PC.

5. Rules of use
Give true information, respect doctors, counsellors and other seafarers, and do not post unlawful or insulting content or other people's private information. The platform may suspend an account that breaks these rules.

6. Personal information
We process personal information under the privacy policy; mental health information additionally needs your separate consent.

7. Changes
When these terms change we publish a new version and ask you to read and accept it again.

8. Contact
"""
    + CONTACT_EN,
}

PRIVACY = {
    "kind": "privacy",
    "is_optional": False,
    "title": "海员之家隐私政策",
    "title_en": "Seafarers' Home privacy policy",
    "summary": (
        "我们只收集提供服务所需的信息;用人单位看不到您的健康信息;您可以随时查看、导出、"
        "删除您的信息和撤回同意。"
    ),
    "summary_en": (
        "We collect only what the services need; your employer never sees your health "
        "information; you can view, export and erase your data and withdraw consent at any time."
    ),
    "body": """一、处理者
个人信息处理者为平台运营方舟山市海员产业工会。医院为您提供医疗服务时,对其产生的诊疗记录按医疗机构的规定共同负责。

二、我们收集的信息和目的
1. 账户信息:手机号码、称呼、界面语言、时区、角色。用于登录、发送验证码、按您所在时区显示时间。
2. 海员档案:真实姓名、海员证号、职务、所在企业和船舶、紧急联系人。用于安排服务、核实身份、紧急情况下联系您的家人。
3. 心理健康信息:属于敏感个人信息,只有在您另行单独同意后才处理,详见《敏感个人信息(心理健康数据)处理单独同意书》。
4. 访问记录:登录和操作的时间、来源地址。用于保障账户和信息安全。
处理的法律依据是您的同意(《个人信息保护法》第十三条第一款第一项),以及为订立、履行您作为一方当事人的服务协议所必需;紧急情况下为保护您的生命健康所必需时,依据第十三条第一款第四项。

三、谁能看到
您本人;为您服务的医院医生和心理咨询员(限于提供服务所需);工会工作人员只看到服务运行情况和统计数据;用人单位只看到您是否完成测评以及不含个人身份的汇总,少于 5 人的统计不显示。我们不出售个人信息,不向其他第三方提供,法律另有规定的除外。数据存储在中国境内,不向境外提供。

四、保存期限
按照隐私说明页面的保存期限表保存,期限届满后删除或匿名化。

五、安全措施
传输加密;咨询记录等临床内容加密存储;工作人员使用双重认证登录,按岗位最小授权;每一次查看或修改敏感记录都写入不可篡改的访问记录。

六、您的权利
您有权查阅、复制(导出)、更正、删除个人信息,撤回同意,注销账户,要求解释处理规则。您可以在“我的同意”和“我的数据”页面自行办理。撤回同意不影响撤回前基于同意已进行的处理。

七、未成年人
平台面向已满 16 周岁的海员和渔民;未满 18 周岁的,请在监护人同意下使用。

八、政策更新
政策更新时,我们会公布新版本并请您重新同意。

九、联系我们
"""
    + CONTACT_ZH,
    "body_en": """1. Controller
The controller is the operator, the city seafarers' industrial union. When the hospital treats you, it is jointly responsible for the clinical records it creates, under the rules for medical institutions.

2. What we collect and why
1) Account: mobile number, display name, language, time zone, roles — to sign you in, send codes and show times in your zone.
2) Seafarer profile: real name, seafarer's book number, rank, company and vessel, emergency contact — to arrange services, confirm identity and reach your family in an emergency.
3) Mental health information: sensitive personal information, processed only after your separate consent (see the separate consent to process health data).
4) Access records: times and addresses of sign-ins and actions — to keep your account and data safe.
The legal basis is your consent (PIPL art. 13(1)(1)) and what is necessary to perform the service agreement with you; in an emergency, what is necessary to protect your life and health (art. 13(1)(4)).

3. Who sees it
You; the hospital's clinicians and counsellors who serve you (only what that service needs); union staff see operations and statistics only; your employer sees only whether you completed a screening and aggregates without identities, with any group under 5 people hidden. We do not sell personal information or give it to other third parties unless the law requires it. Data is stored in China and not transferred abroad.

4. Retention
As set out in the retention table on the privacy page; afterwards data is deleted or anonymised.

5. Security
Encrypted transport; clinical content such as consultation notes encrypted at rest; staff sign in with two-factor authentication and get the least access their role needs; every view or change of a sensitive record is written to a tamper-evident access log.

6. Your rights
You may access, copy (export), correct and erase your personal information, withdraw consent, close your account and ask us to explain our processing — yourself on the "My consents" and "My data" pages. Withdrawal does not affect processing done before it.

7. Minors
The platform is for seafarers and fishers aged 16 or over; under 18, use it with a guardian's consent.

8. Changes
When this policy changes we publish a new version and ask for your consent again.

9. Contact
"""
    + CONTACT_EN,
}

HEALTH_DATA = {
    "kind": "health_data",
    "is_optional": False,
    "title": "敏感个人信息(心理健康数据)处理单独同意书",
    "title_en": "Separate consent to process sensitive personal information (mental health data)",
    "summary": (
        "使用心理测评、远程咨询、心理热线和在线咨询,需要处理您的心理健康信息。只有您和为您"
        "服务的医生、咨询员能看到个人内容;用人单位永远看不到。您可以随时撤回。"
    ),
    "summary_en": (
        "Screening, remote consultations, the hotline and the message board process your "
        "mental health information. Only you and the clinicians and counsellors who serve you "
        "see individual content; your employer never does. You can withdraw at any time."
    ),
    "body": """根据《个人信息保护法》第二十八条、第二十九条,医疗健康信息属于敏感个人信息,处理前须取得您的单独同意。本同意与服务条款、隐私政策分开,您可以只同意其中一部分。

一、处理哪些信息
1. 心理测评(心理CT):各量表的答案、得分和结果;
2. 远程咨询:预约信息、医生和咨询师的咨询记录、建议和随访记录;
3. 心理热线:来电时间和时长、咨询员的通话记录、回拨安排;
4. 在线咨询:您发出的留言和医生的回复;
5. 危机预警:测评或留言中提示危险的信号,以及医生的处理记录。

二、处理目的
为您提供心理健康评估、咨询、随访和转诊(绿色通道);发现危机信号时及时联系您并提供帮助;在您另行同意时,作出健康入职结论。不用于招聘筛选、绩效考核或任何与您的健康服务无关的目的。

三、谁能看到
1. 您本人;
2. 医院为您提供服务的医生和心理咨询员,仅限提供服务所需;
3. 工会工作人员只看到服务运行情况和不含个人身份的统计数据,看不到您的答案、得分和记录;
4. 用人单位永远看不到您的答案、得分或咨询记录,只看到您是否完成了测评;只有在您另行签署《健康入职结论提供同意书》后,才能看到“适合上岗 / 暂缓上岗”的结论本身;
5. 法律规定的情形除外(例如司法机关依法调取)。
每一次查看都写入访问记录,您可以在“我的数据”页面查看。

四、可能的影响
心理健康信息一旦泄露,可能使您受到歧视或影响就业,因此我们采取加密存储、双重认证、最小授权和访问审计等措施。

五、保存期限和安全
测评记录保存至最后一次测评后 5 年;咨询记录按医疗机构病历管理规定保存不少于 15 年;热线记录和在线咨询留言保存 3 年。咨询记录和热线记录在服务器上加密存储。数据存储在中国境内。

六、撤回同意
您可以随时在“我的同意”页面撤回本同意。撤回后,上述服务将停止为您提供,直到您再次同意;撤回不影响撤回前已进行的处理;已有记录按保存期限保存,您可以在“我的数据”页面导出或申请删除(法律要求保存的病历除外)。撤回不影响您拨打心理热线或全国心理援助热线 12356 求助。

七、您的权利
查阅、复制、导出、更正、删除,要求解释处理规则。

八、联系我们
"""
    + CONTACT_ZH,
    "body_en": """Under PIPL arts. 28 and 29, medical and health information is sensitive personal information and needs your separate consent before it is processed. This consent is separate from the terms and the privacy policy; you may accept some and not others.

1. What is processed
1) Screening (psychological check-up): your answers, scores and results;
2) Remote consultations: bookings, the clinician's or counsellor's notes, advice and follow-up;
3) Hotline: time and length of calls, the counsellor's notes, callbacks;
4) Online message board: your messages and the doctors' replies;
5) Crisis alerts: danger signs in screenings or messages and how clinicians responded.

2. Purpose
To assess, counsel, follow up and refer you (the green channel); to reach and help you quickly when there is a crisis sign; and, only if you separately agree, to decide a fit-for-duty clearance. Never for recruitment, performance reviews or any purpose unrelated to your care.

3. Who sees it
1) You;
2) the hospital's clinicians and counsellors who serve you, only as their service needs;
3) union staff see operations and statistics without identities, never your answers, scores or notes;
4) your employer never sees your answers, scores or notes — only whether you completed a screening; only with the separate consent to share a clearance does it see the "fit / not yet fit for duty" decision itself;
5) except where the law requires (e.g. a court order).
Every view is written to the access log, which you can read on the "My data" page.

4. Possible impact
Leaked mental health information could expose you to discrimination or harm your employment; this is why we encrypt, require two-factor sign-in, grant least access and audit every access.

5. Retention and security
Screenings are kept for 5 years after your last one; consultation records at least 15 years under the rules for medical records; hotline records and messages 3 years. Consultation and hotline notes are encrypted at rest. Data is stored in China.

6. Withdrawal
You can withdraw this consent at any time on the "My consents" page. The services above then stop for you until you consent again; processing before withdrawal stays lawful; existing records are kept for their retention period and you may export them or ask for erasure on the "My data" page (except medical records the law requires us to keep). Withdrawal never stops you calling the hotline or the national line 12356.

7. Your rights
Access, copy, export, correct, erase, and ask us to explain our processing.

8. Contact
"""
    + CONTACT_EN,
}

SHARE_CLEARANCE = {
    "kind": "share_clearance",
    "is_optional": True,
    "title": "健康入职结论提供同意书(可选)",
    "title_en": "Consent to share the fit-for-duty clearance with my employer (optional)",
    "summary": (
        "同意后,您的用人单位可以看到医生作出的健康入职结论(适合上岗 / 暂缓上岗)及日期,"
        "看不到任何答案、得分或记录。这项同意是可选的。"
    ),
    "summary_en": (
        "If you agree, your employer sees the clinician's fit-for-duty decision (fit / not "
        "yet fit) and its date — never answers, scores or notes. This consent is optional."
    ),
    "body": """一、提供什么
医生根据您的测评和咨询作出的健康入职结论:“适合上岗”或“暂缓上岗”、作出日期和有效期。不提供任何量表答案、得分、咨询记录或诊断。

二、提供给谁
您档案中登记的所在企业(用人单位)及其企业工会的授权专员。

三、目的
用于出海前的健康入职安排。

四、可选
这项同意是可选的。不同意不影响您使用心理测评、咨询等任何服务,也不会让用人单位看到更多信息;用人单位只会知道结论未提供。

五、撤回
您可以随时撤回。撤回后,用人单位看不到以后的结论;撤回前已经告知的结论无法收回。

六、联系我们
"""
    + CONTACT_ZH,
    "body_en": """1. What is shared
The clinician's fit-for-duty decision based on your screening and consultations: "fit for duty" or "not yet fit", the date and how long it is valid. Never answers, scores, notes or a diagnosis.

2. With whom
The company recorded in your profile (your employer) and the authorised officers of its company union.

3. Purpose
Arranging fit-for-duty before departure.

4. Optional
This consent is optional. Declining does not affect any service, and your employer learns nothing more than that no decision was shared.

5. Withdrawal
You can withdraw at any time. Your employer then sees no later decisions; a decision already shared cannot be recalled.

6. Contact
"""
    + CONTACT_EN,
}

DOCUMENTS: list[dict[str, Any]] = [TERMS, PRIVACY, HEALTH_DATA, SHARE_CLEARANCE]


def install(document_model: Any, published_at: Any) -> None:
    """Create version 1 of each document that is missing (idempotent)."""
    for spec in DOCUMENTS:
        document_model.objects.get_or_create(
            kind=spec["kind"],
            version=1,
            defaults={
                **{k: v for k, v in spec.items() if k != "kind"},
                "published_at": published_at,
            },
        )
