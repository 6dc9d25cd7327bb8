"""Physical emergencies on board: the signs that mean "contact the master and the radio medical
service now" (and maritime search and rescue, 12395, when life is at risk).

The rules fire on the acute sign itself ("胸痛", "喘不上气", "叫不醒"), not on a bare organ or a
mild, common symptom (胸闷 alone, 便血 alone, 抽筋, 晕船). Explicit negations ("没有胸痛",
"no chest pain") and a past episode the writer says is over do not fire; a past episode without
"now fine" does. Prevention and general-knowledge questions that name a condition ("怎么预防
中风") do not fire. Idioms that only borrow the words do not fire (气得吐血, 眼皮抽搐, 触电的
感觉, "backstroke"); heat stroke is NOT excluded: it is an emergency on deck. Injuries typical
of fishing and cargo work are named: a hand caught in the winch, a mooring line that snaps, a
fall into the hold, gas in the fish hold.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from seafarers_home.triage.rules import NEG, NO_RESPONSE_ZH, NOW_FINE, PAST, PHYSICAL, Rule

_MACHINE = r"(锚链|网板|传送带|输送带|绞盘|绞车|绞机|缆绳|钢丝绳|钢缆|滚筒|卷扬机|起网机|网机|链条|舱盖|货物|集装箱|吊货|吊钩|机器|皮带轮|齿轮)"
_BODY_EN = r"(hand|arm|leg|foot|fingers?|body|head|he|she|him|her)"

PHYSICAL_RULES: tuple[Rule, ...] = (
    Rule(
        "chest_pain",
        PHYSICAL,
        _("胸痛或心脏病发作的迹象"),
        zh=(
            r"胸痛|胸部(剧)?痛|胸口.{0,2}(疼|痛)|心口.{0,2}(疼|痛)|心前区.{0,2}(疼|痛)|心脏.{0,2}(疼|痛)",
            r"胸闷.{0,8}(压榨|压迫|压着|石头|大汗|冷汗|出汗|喘不|憋|左臂|左肩|放射|胳膊)",
            r"胸(口|部)?.{0,2}(压榨|压迫)(感|痛|样)|胸口(像)?(被)?(压了|压着)(一)?(块)?(石头|东西)",
            r"心绞痛|心梗|心肌梗|心脏病(发作|犯了)|心脏骤停|心跳(停|没了)",
            r"胸口闷.{0,6}(疼|痛)|捂着胸口|胸(口)?.{0,6}压着|没有?心跳|心跳(停了|没了)|(胸外)?按压.{0,8}(多久|没反应)",
        ),
        en=(
            r"\bchest pains?\b|\bpain in (my|the|his|her) chest\b|\bchest (tightness|pressure)\b",
            r"\btight chest\b|\bcrushing (pain|chest)\b|\bheart attack\b|\bcardiac arrest\b",
            r"\bpain (spreading|going|radiating|shooting) (to|down|into) (my|his|her) (left )?(arm|jaw)",
            r"\bchest (is |feels )?(squeez|tight|heavy|crush|hurt)|\b(left )?arm (is |went )?numb\b.{0,40}\b(pale|sweat|chest)",
            r"\bno (pulse|heartbeat)\b|\bchest compressions?\b|\bcpr\b|\bgrey and sweat",
        ),
        zh_exclusions=(
            rf"{NEG}(胸痛|胸口(疼|痛))",
            r"(胸口|心口)(也|都)?(不|没|没有)(疼|痛)",
            rf"{PAST}.{{0,6}}(胸痛|胸口(疼|痛)|心口(疼|痛)).{{0,12}}{NOW_FINE}",
        ),
        en_exclusions=(r"\b(no|without|never had|not any) chest pains?\b",),
    ),
    Rule(
        "heavy_bleeding",
        PHYSICAL,
        _("大量出血"),
        zh=(
            r"大出血|大量出血|出血不止|出血止不住|血流不止|血止不住|止不住血|止不住地?流血|血流如注",
            r"流了(很多|好多|一大摊|一地|一大片|满地)(的)?血|血喷|喷血|一直(在)?(流血|出血|冒血)|动脉(破|断|割)",
            r"吐血|呕血|咯血|咳血|咳出血|吐出血|吐了(一口|好多|很多)?血",
            r"便血(不止|很多|量大|一直|止不住)|大量便血|拉了?很多血|黑便.{0,6}(头晕|晕倒)",
            r"(手指|指头|手|脚趾)(被)?(切|砍|割|绞|轧)(断|掉)",
            r"(血|流血|出血).{0,10}止不住|止不住.{0,4}血|血.{0,4}(往外)?(喷|涌|冒)(出来)?|血(流|淌)得.{0,4}(满|到处|一地)",
            r"(纱布|毛巾|衣服|床单)(都)?(湿透|染红)|(压|按)了.{0,8}还在(流|出|渗)|割到(了)?(脖子|动脉|大腿)|骨头(都)?(露|刺|戳)(出来|出)|看(见|得见)骨头",
            r"咖啡色.{0,6}(吐|呕)|(吐|呕).{0,6}咖啡色|黑便.{0,8}(没力气|脸白|晕)",
        ),
        en=(
            r"\bheavy bleeding\b|\bbleeding (heavily|a lot|badly|everywhere)\b|\b(lots|a lot) of blood\b",
            r"\b(wont|cant|doesnt|cannot|will not|can not) stop (the )?bleeding\b|\bblood everywhere\b",
            r"\bbleeding (wont|will not|doesnt|does not) stop\b|\bspurting blood\b",
            r"\b(vomiting|vomited|throwing up|threw up|coughing up|coughed up|spitting) blood\b",
            r"\b(finger|fingers|thumb|hand|toe)s? (cut|chopped|torn|ripped) off\b|\bamputat",
            r"\bblood (jumping|pumping|pouring|spurting|gushing)\b|\b(towels?|bandages?) (already |all )?(red|soaked)\b",
            r"\b(bleeding|bleed) (heavy|heavily|wont stop|from the (head|ear))\b|\bwont stop bleeding\b|\bmassive nosebleed\b",
            r"\bcut (the |his |my )?(artery|throat|neck)\b|\bfinger came off\b|\bbone (sticking|showing|is out)",
        ),
    ),
    Rule(
        "crush_injury",
        PHYSICAL,
        _("挤压伤或被机器卷入"),
        zh=(
            rf"(被)?{_MACHINE}.{{0,6}}(绞|夹|压|卷|砸|轧|打)(进|住|伤|断|烂|碎|扁|到|了|中)",
            r"(被|让)(卷|绞|夹|压|砸)(进|住|伤|断|烂)(了)?(手|脚|腿|胳膊|手指|身体|人)",
            r"(压|砸)(在)?(下面|底下).{0,6}(出不来|动不了|拉不出)|压伤|挤压伤|缆绳(断|崩|弹)(了)?.{0,6}(打|抽|伤)",
            rf"(压|夹|卷|绞|砸|挤|缠)(在|进|到|住)?{_MACHINE}|{_MACHINE}.{{0,8}}(缠住|卡住|压扁|压烂|挤住)|(压|砸)(烂|扁)了|挤(在|住).{{0,4}}(中间|之间)",
        ),
        en=(
            rf"\b{_BODY_EN} (got |was |is )?(caught|crushed|trapped|pulled) (in|into|under|by|between)\b",
            r"\bcrush(ed|ing)? (injury|his|her|my)\b|\bpinned (under|between)\b",
            r"\b(mooring )?(line|rope|cable|wire) (snapped|parted) .{0,30}\b(hit|struck)\b",
            r"\b(stuck|caught) in the (conveyor|winch|windlass|machine|gear|drum|block)\b",
        ),
    ),
    Rule(
        "fall_no_movement",
        PHYSICAL,
        _("摔落后不能动或没有反应"),
        zh=(
            rf"(摔|掉|跌|滑)(下|进|倒|落)(去|来|了)?.{{0,12}}{NO_RESPONSE_ZH}",
            rf"(从|掉进|掉下|跌进|跌落|摔进|摔下).{{0,8}}(舱|梯|桅|高处|货舱|鱼舱|甲板|舷梯).{{0,12}}"
            rf"({NO_RESPONSE_ZH}|流血|骨折|出血)",
            r"摔(断|折)了?(腿|脖子|脊椎|腰)|(脖子|脊椎|腰)(摔|撞|砸)?(断了|骨折)",
            r"(摔|掉|栽)(下去|下来|到).{0,12}(背疼|不敢动|腿断|骨折|脖子|没动静|一动不动|不答应|没感觉)|(腿|胳膊|手臂)(明显|好像|可能)?(断了|骨折)",
            r"(腰|腿|下半身|腰以下).{0,4}(没有?感觉|没知觉)|一动不动|没动静",
        ),
        en=(
            r"\bfell\b.{0,50}\b(not moving|cant move|cannot move|wont move|isnt moving|unresponsive"
            r"|not responding|no response|knocked out|broke his|broke her|broken (neck|back|leg))",
            r"\b(broke|broken|fractured) (his|her|my) (neck|back|spine|skull)\b",
            r"\b(fell|fall|slipped)\b.{0,60}\b(cant feel (his|her|my) legs|no feeling|not answering|hip looks wrong|cant stand|lying at the bottom)",
        ),
    ),
    Rule(
        "breathing",
        PHYSICAL,
        _("呼吸困难或停止呼吸"),
        zh=(
            r"呼吸困难|呼吸急促|喘不(上|过)来?气|透不过气|上不来气|吸不上气|憋得(脸|嘴)(发)?(紫|青)",
            r"(无法|不能|没法|没办法)呼吸|没(有)?(了)?呼吸|停止呼吸|不喘气(了)?|窒息|噎住|卡住(了)?喉咙|嘴唇(发)?(紫|青)",
            r"哮喘发作|喘(得)?(很)?(厉害|不过来)|脸发青|粉红色泡沫|喘气.{0,3}(困难|费劲|像拉风箱)|呼吸(很浅|变慢|很粗|越来越)",
        ),
        en=(
            r"\b(cant|cannot|can not|couldnt|unable to) breathe\b|\bnot breathing\b|\bstopped breathing\b",
            r"\b(difficulty|trouble|struggling to|hard to) breath(e|ing)\b|\bchoking\b",
            r"\bshort(ness)? of breath\b|\bbreathless\b|\blips (are |turning |turned )?blue\b",
            r"\b(breathing|breath) (weird|very fast|noisy|worse|getting worse|like a kettle)\b|\bgasping\b|\bwheez|\bcant catch (his |my )?breath\b|\bpink foam\b|\bno breath\b",
        ),
        zh_exclusions=(
            rf"{NEG}(呼吸困难|喘不(上|过)来?气)",
            r"压力.{0,8}(喘不(上|过)来?气|透不过气)|(喘不(上|过)来?气|透不过气).{0,4}(的)?压力",
        ),
        en_exclusions=(r"\bno (difficulty|trouble) breathing\b|\bno shortness of breath\b",),
    ),
    Rule(
        "unconscious",
        PHYSICAL,
        _("昏迷或失去知觉"),
        zh=(
            r"昏迷|昏倒|晕倒|晕过去|晕厥|不省人事|人事不省|叫不醒|叫不应|失去知觉|失去意识|意识不清|没有意识",
            r"倒(在)?地(上)?(不起|不动|没反应)|(人)?倒下(了)?.{0,6}(没反应|不动|叫不醒)|拍(他|她)?(也)?没反应",
            r"(喊|叫|拍|推)(他|她)?.{0,4}(都|也)?(没反应|不醒|不应|不答应)|翻白眼|眼睛翻白|晕在|(还是|一直)不醒|醒不过来|昏过去|昏睡|突然倒(下|地)|意识(不太清|模糊|不清楚)",
        ),
        en=(
            r"\bunconscious\b|\bpassed out\b|\bfainted\b|\bunresponsive\b|\bblacked out\b",
            r"\b(he|she|they|someone) (wont|doesnt|will not|does not|isnt) (wake up|respond)",
            r"\bcollapsed\b|\bknocked out\b",
            r"\b(wont|cant|not) (wake|waking) (up )?(properly)?\b|\bnot (answering|responding|waking)\b|\beyes keep closing\b",
        ),
    ),
    Rule(
        "seizure",
        PHYSICAL,
        _("抽搐或癫痫发作"),
        zh=(r"抽搐|抽风|癫痫发作|羊角风|羊癫疯|口吐白沫|(全身|浑身)抽(筋)?|还在抽|抽完",),
        en=(
            r"\bseizures?\b|\bconvulsi|\b(having|had) a fit\b|\bfitting\b|\bshaking all over\b|\bfoaming at (the )?mouth\b",
        ),
    ),
    Rule(
        "stroke",
        PHYSICAL,
        _("中风的迹象"),
        zh=(
            r"中风|脑卒中|脑梗|脑出血|偏瘫",
            r"口角歪斜|嘴(巴)?歪|脸歪|(一边|半边)(脸|嘴)(歪|麻|耷拉|掉下来)",
            r"(半边|一侧|一边)(身体|身子|脸|手|腿)?.{0,3}(麻木|发麻|没力气|无力|动不了|不能动|没知觉)",
            r"突然(说话不清|口齿不清|说不出话|说话含糊|大舌头|看不见)|手脚不听使唤",
            r"(嘴|嘴角|脸).{0,4}(往一边)?歪|说话(含糊|不清|不清楚|含混)|舌头(打结|不灵)|脸(耷拉|下垂)|重影|(半边|一边)脸.{0,3}(不会动|不动)",
            r"(左|右|一边|一侧)(手|腿|胳膊|脚|半身).{0,4}(没力气|没劲|无力|麻|拿不住|抬不起)|半边身子麻",
        ),
        en=(
            r"\bstrokes?\b|\bface (is )?droop|\bslurr(ed|ing)\b",
            r"\bone side (of (his|her|my) (body|face) )?(is |went |goes )?(numb|weak|droop\w*|limp)",
            r"\bcant (lift|raise|move) (his|her|my) (left |right )?arm\b",
            r"\b(mouth|face|smile) (went |is |looks? |look )?(crooked|uneven|twisted|droop\w*|lopsided|funny)",
            r"\b(cant|cannot) (talk|speak) (properly|clearly)|\bspeech (is |became )?slur|\bwords (are )?mixed up|\btalks? like (a )?drunk",
            r"\b(left|right|one) (side|arm|leg|hand)\b.{0,20}\b(weak|numb|dead|cant move|limp|cant hold)|\bworst headache\b|\bsudden weakness\b",
        ),
    ),
    Rule(
        "severe_burn",
        PHYSICAL,
        _("严重烧烫伤或触电"),
        zh=(
            r"(严重|大面积|重度|全身)(的)?(烧伤|烫伤|灼伤|烧烫伤)",
            r"(烧伤|烫伤|灼伤|烧着).{0,4}(严重|大面积|焦黑|起大泡|很大一片|一大片|皮都掉|全身)",
            r"化学(烧伤|灼伤)|电击伤|触电|被电(打|击)(了|倒)|(身上|衣服)着火",
            r"(烫|烧)(烂|焦|伤)了?.{0,6}(脸|眼睛|半边|整条|大片|胳膊)|(整条|整片|大片).{0,4}皮(都)?(掉|脱)|失火.{0,10}(烧伤|吸了很多烟)|吸了很多烟",
            r"溅(到|进)眼睛|漏电.{0,8}(打|电)|被电(了|打飞|击)",
        ),
        en=(
            r"\b(severe|serious|bad|major|big) burns?\b|\bbadly burn(ed|t)\b|\bon fire\b",
            r"\belectric(al)? shock\b|\belectrocuted\b|\bchemical burns?\b",
            r"\bburn(ed|t|s)? (on )?(his |her |my )?(face|chest|back|legs?|arms?|hands?)\b|\bskin (peeling|white|came off)\b|\bbig blisters\b|\bclothes caught fire\b",
            r"\bgot zapped\b|\binhaled smoke\b|\bchemical splash\b",
        ),
        en_exclusions=(r"\b(minor|small|little|slight|tiny) burns?\b.{0,24}",),
    ),
    Rule(
        "poisoning",
        PHYSICAL,
        _("中毒或有毒气体"),
        zh=(
            r"一氧化碳|硫化氢|煤气中毒|农药中毒|误服|误喝|误食|毒气|氨气泄漏|氨(气)?中毒",
            rf"(鱼舱|货舱|舱里|舱底|密闭舱|冷库|油舱).{{0,10}}(晕倒|倒下|倒了|中毒|毒气|气体|臭鸡蛋|{NO_RESPONSE_ZH})",
            r"(鱼舱|货舱|舱底).{0,6}躺着|清舱.{0,6}倒下|下去拉.{0,4}(也)?晕|氟利昂漏|烧炭取暖.{0,12}(醒不过来|呕吐|头痛)|河豚|喝了.{0,4}(不明液体|化学品|清洁剂|洗涤剂|防冻液)",
        ),
        en=(
            r"\bcarbon monoxide\b|\bhydrogen sulfide\b|\bh2s\b|\bpoisoned\b|\bpoisoning\b",
            r"\btoxic (gas|fumes)\b|\bgas (in|leak in) the (hold|tank|fish hold)\b|\bammonia leak\b",
            r"\bsmell of gas\b|\bcharcoal heater\b|\bnh3\b|\bpipe .{0,20}burst\b.{0,40}\b(gasping|eyes|smell)",
        ),
        zh_exclusions=(r"食物中毒",),
        en_exclusions=(r"\bfood poisoning\b",),
    ),
    Rule(
        "drowning",
        PHYSICAL,
        _("落水或溺水"),
        zh=(
            r"落水|溺水|有人(掉|落)(到|进)?海(里)?|(掉|摔|落)(进|到|下)(了)?海里|人(掉|落)下去了",
            r"(捞|救|拉)上来.{0,8}(没|不)(呼吸|反应|醒)|呛水.{0,6}(昏|没反应|呼吸)",
            r"捞上来.{0,10}(吐水|意识|不动|冰凉|咳)|(船|小艇|小船)翻了.{0,10}(人|捞)|被浪卷下海",
        ),
        en=(
            r"\bman overboard\b|\bdrown(ing|ed)?\b(?! in (paperwork|work|debt|bills|emails))|\bfell (overboard|into the (sea|water))\b",
            r"\bpulled (him|her|them) out of the water\b",
            r"\b(fished|pulled|got) (our |the |him |her )?\w* ?(out|from) (of )?the (sea|water)\b|\bswallowed (a lot of )?(sea )?water\b",
        ),
    ),
    Rule(
        "temperature",
        PHYSICAL,
        _("严重中暑或失温"),
        zh=(
            r"热射病|严重中暑|中暑.{0,6}(晕|倒|昏|抽|神志|意识|不出汗|高烧|说胡话)",
            r"失温|冻僵|体温过低|低体温|冻得.{0,4}(没知觉|说不出话|意识)",
            r"不出汗.{0,6}(烫|高烧|倒)|(皮肤|身上|浑身)(很|好)?(烫|发烫).{0,6}(不出汗|倒|晕|抽)|浑身僵硬|手脚发黑|体温(很|好)?低|不发抖了|体温好高.{0,6}(乱|胡话)",
            r"高烧.{0,8}(糊涂|说胡话|脖子(发)?硬|抽)|脖子发硬|紫红色的(点|斑)",
        ),
        en=(
            r"\bheat ?stroke\b|\bhypotherm|\bfrostbite\b|\b(stopped|not) shivering\b|\bice cold\b",
            r"\bfingers? (white and hard|black)\b|\bhot skin\b.{0,20}\bno sweat",
        ),
    ),
    Rule(
        "severe_abdominal_pain",
        PHYSICAL,
        _("剧烈腹痛"),
        zh=(
            r"剧烈(的)?(腹痛|肚子疼|肚子痛|胃痛)|(腹部|肚子|胃)剧痛",
            r"(肚子|腹部|胃)(疼|痛)得.{0,4}(打滚|受不了|直不起腰|满头大汗|冒冷汗|要命)|(肚子|腹部)(硬得|硬邦邦|像板)",
            r"(疼|痛)得.{0,4}(满地)?打滚|刀割(一样|似的)?(疼|痛)|右下腹.{0,12}(越来越|发烧)|阑尾炎|肚皮鼓|放屁都没有|上吐下泻.{0,12}(站不住|叫不醒|脸发白)",
        ),
        en=(
            r"\bsevere (abdominal|stomach|belly) pain|\b(stomach|belly) (is )?(hard|rigid) (as|like)\b",
            r"\b(rolling|roll) on the floor\b|\b(belly|stomach|abdominal) pain so bad\b|\bvomiting (green|nonstop)\b",
            r"\bnot peeing\b|\beyes sunken\b|\bsevere pain in the (stomach|testicle|belly)",
        ),
    ),
    Rule(
        "head_injury",
        PHYSICAL,
        _("头部受伤伴呕吐或意识改变"),
        zh=(
            r"头(部)?.{0,6}(撞|砸|摔|受伤|磕|打)(了|到|伤)?.{0,12}(昏|晕过去|呕吐|吐了|意识|流血不止|迷糊|不清醒|说胡话|想睡)",
            r"(撞|砸|磕|摔|碰)(到|了|伤)?(头|脑袋|后脑勺|头部).{0,12}(吐|昏|迷糊|清醒|说胡话|流(出)?(水|血)|瞳孔|想睡|颠三倒四)",
            r"头痛欲裂|瞳孔(不一样|大小不)|(耳朵|鼻子)里流出(血|水|清水)",
        ),
        en=(
            r"\b(head injury|hit (my|his|her) head|head (was )?hit|blow to the head|on the head)\b"
            r".{0,40}\b(vomit|unconscious|confus|drowsy|bleeding|pupil)",
            r"\bpupils? (bigger|different|uneven)|\bbleeding from the ear\b",
        ),
    ),
    Rule(
        "anaphylaxis",
        PHYSICAL,
        _("严重过敏反应"),
        zh=(
            r"过敏性休克|喉咙肿|喉头水肿|嗓子肿得|过敏.{0,8}(喘不|呼吸困难|喉咙|嗓子|嘴唇肿|脸肿)",
        ),
        en=(
            r"\banaphyla|\bthroat (is )?(swelling|closing|tight)\b|\bswollen throat\b",
            r"\btongue (is )?swelling\b|\beyes (closing|swollen shut)\b|\bhives\b|\bvoice (is )?chang",
        ),
    ),
)
