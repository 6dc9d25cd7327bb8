"""The red-flag list of the message board: wording that makes a question urgent (DOMAIN rule 2).

Maintained here, tested in tests/inquiries_asking/test_red_flags.py (a table of phrasings that
must fire, a table of ordinary questions that must not, and a property test). To add wording:
add a pattern to a rule (or a new ``Rule``), add the phrasing to the positive table and a near
miss to the negative table.

How text is matched
-------------------
1. Normalised: NFKC (full-width letters, digits and punctuation become half-width, the
   ideographic space a space), then case-folded.
2. Chinese patterns (``zh``) run on the *compact* form: every character that is not a letter
   or a digit is removed — spaces, punctuation, symbols, emoji, zero-width characters — so
   "想 死", "想,死", "想…死" and "想\u200b死" are all "想死".
3. English patterns (``en``) run on the *words* form: apostrophes dropped ("can't" → "cant"),
   every run of other characters (spaces, punctuation, Chinese) turned into one space, so
   patterns can use word boundaries ("want to die" must not fire on "want to diet";
   "end it all" not on "send it all"). "self-harm", "self harm" and "selfharm" are one
   pattern (``self ?harm``).
4. Exclusions are masked first: a span matching an exclusion (杀虫剂, 自杀式袭击, 跳楼价,
   想死你了, "don't want to die", ...) is replaced by a placeholder, so the words inside it do
   not fire; the rest of the text is still checked ("累死了,不想活了" fires on 不想活).

Choices
-------
- Sensitivity first for mental-health wording: a negated mention of suicide ("没有想过自杀")
  and a question about someone else's suicide still fire. A false alarm costs a clinician a
  few minutes; a missed one can cost a life. Only wording whose ordinary meaning is not about
  harming oneself is excluded (自杀式袭击, 跳楼价, 想死你了 = "I miss you terribly",
  思想死板, "killing time", "suicide squad").
- Physical wording fires on the acute sign itself ("胸痛", "喘不上气"), not on a bare organ or
  a mild, common symptom (胸闷 alone, 便血 alone, 抽筋, 晕船). Explicit negations
  ("没有胸痛", "胸口不疼", "no chest pain") and a past episode the writer says is over
  ("以前有过胸痛,现在好了") do not fire; a past episode without "now fine" does.
  Prevention and general-knowledge questions that name a condition ("怎么预防中风和心梗",
  "中风的前兆有哪些", "how can I prevent a stroke") do not fire; "我爸好像中风了" does.
- Idioms that only borrow the words do not fire: 气得吐血 (so angry), 笑死/累死/热死 (no
  pattern fires on a bare 死), 眼皮抽搐 (eyelid twitch), 跳船 (seafarers' slang for
  deserting a ship), 触电的感觉 (a spark between people), "backstroke", "stroked the cat".
  Heat stroke is NOT excluded: it is an emergency on deck.
- Breathlessness as a figure of speech for stress ("压力大得喘不过气") does not fire as a
  physical flag.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MENTAL = "mental"
PHYSICAL = "physical"

_MASK = "\u2591"  # a placeholder that is neither a letter nor a word character's neighbour


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str  # MENTAL or PHYSICAL
    zh: tuple[str, ...]
    en: tuple[str, ...]
    # Exclusions that only concern this rule (masked before its patterns are tried).
    zh_exclusions: tuple[str, ...] = ()
    en_exclusions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlagResult:
    codes: list[str] = field(default_factory=list)
    mental: bool = False
    physical: bool = False

    @property
    def urgent(self) -> bool:
        return self.mental or self.physical


_CONDITIONS = r"(中风|脑卒中|脑梗|脑出血|心梗|心肌梗死?|心绞痛|心脏病|一氧化碳中毒|煤气中毒|癫痫)"

# Masked for every rule: ordinary wording that merely contains a flagged word.
ZH_EXCLUSIONS: tuple[str, ...] = (
    r"杀虫剂?|杀虫药|杀菌|杀毒|杀鱼|杀鸡|杀猪|杀价|杀时间|抹杀|秒杀",
    r"自杀式(袭击|爆炸|炸弹|攻击|行为)?",
    r"跳楼(价|大甩卖|大减价|甩卖)",
    r"跳船",  # seafarers' slang: deserting a ship
    r"死机|笑死|累死|热死|冷死|困死|饿死|烦死|吓死|忙死|气死|急死|羡慕死|死板|死心眼",
    r"想死(你|您|他|她|它|我|咱|大家|家里|孩子|老婆|老公|爸妈|宝宝)(们)?(了|啦)?",
    r"(回|思|梦|理|感|联|料|猜|设|构|预|妄)想死|想死去的",
    r"不想死|怕死|不会死",
    r"气(得|的)吐血|吐血推荐|吐血整理",
    r"(商场|促销|价格|清仓)大出血|大出血(价|促销)",
    r"(眼皮|眼睑|眼角|嘴角|脸皮|肌肉)(跳|抽搐|跳动)",
    r"触电(的)?感觉|像触电",
    # Prevention and general-knowledge questions that name a condition ("怎么预防中风").
    rf"(预防|防止|避免|防)(出现|发生)?{_CONDITIONS}((和|或|与|及|跟)?{_CONDITIONS})*",
    rf"{_CONDITIONS}(的)?(前兆|症状|征兆|原因|危险因素)(有哪些|是什么|有什么|都有啥)",
)
EN_EXCLUSIONS: tuple[str, ...] = (
    r"\bkill(ing)? (time|the time)\b|\bkiller whale\b|\bkill switch\b",
    r"\bsuicide (squad|bomb\w*|attack\w*|mission|doors?)\b",
    r"\b(dont|do not|didnt|did not|never) (want|wanna|wanted) (to )?die\b",
    r"\b(back|breast|key|brush|master) ?strokes?\b|\bstroke of (luck|genius)\b|\bstrok(ed|ing)\b",
    r"\bdying to (know|see|go|try)\b",
    r"\b(prevent|preventing|prevention of|avoid|avoiding|reduce the risk of|risk of)"
    r" (a |an )?(stroke|heart attack|seizures?)s?\b",
    r"\b(stroke|heart attack) (prevention|risk)\b",
)

_NEG = r"(没有|没|无|不|未|否认)"
_PAST = r"(以前|以往|过去|之前|曾经|去年|前年|几年前|小时候|年轻时)"
_NOW_FINE = r"(现在|目前|已经|早就|后来)(都|也)?(好了|没事|不疼|不痛|没有了|消失了|治好了|痊愈)"

RULES: tuple[Rule, ...] = (
    # --- mental health: a crisis alert -------------------------------------------------------
    Rule(
        "suicide",
        MENTAL,
        zh=(r"自杀", r"轻生", r"自尽", r"寻短见|寻死"),
        en=(
            r"\bsuicid",  # suicide, suicidal
            r"\b(take|taking|took|end|ending|ended) my (own )?life\b",
            r"\bkill(ing|ed)? my ?self\b",
        ),
    ),
    Rule(
        "death_wish",
        MENTAL,
        zh=(
            r"想(要)?(去)?死",
            r"不想活|活不下去|不愿意活|不想再活",
            r"(活着|活得|人生)(真|好|太|都|也|还|实在)?(没|没有|没啥|有什么|有啥|毫无)(意思|意义|盼头|希望)",
            r"活够了|活腻了",
            r"一了百了|一死了之|死了算了|死了就好|死了倒好|死了干净|不如死了|不如去死",
            r"结束(我|自己)?(的)?(生命|性命|这一切)|了结(自己|此生|生命)",
        ),
        en=(
            r"\b(want|wanted|wanna|wish|wishing) (to )?(die|be dead)\b",
            r"\bwish i (was|were) dead\b",
            r"\b(dont|do not|no longer) (want|wish) to (live|be alive|go on)\b",
            r"\bbetter off dead\b|\bno reason to live\b|\bno point (in )?living\b",
            r"\bend it all\b",
        ),
    ),
    Rule(
        "self_harm",
        MENTAL,
        zh=(
            r"自残|自伤|自虐",
            r"割腕|割手腕|割自己",
            r"伤害(我)?自己|弄伤自己",
            r"(刀|刀片|玻璃)划(自己|手腕|胳膊)",
        ),
        en=(
            r"\bself ?(harm|injur|mutilat)",
            r"\b(want|wanted|going|urge|urges|thinking|thoughts|thought|keep|feel like)"
            r"( to| of| about)? (hurt|harm|cut)(ting|ing)? my ?self\b",
            r"\bcutting my ?self\b",
        ),
    ),
    Rule(
        "suicide_method",
        MENTAL,
        zh=(
            r"跳海|跳进海里|跳到海里|跳下海|跳入大海|投海",
            r"跳楼|跳河|跳江|卧轨",
            r"上吊",
            r"(喝|吃|服)(了)?(农药|敌敌畏|百草枯|老鼠药)",
            r"(攒|囤|一次吃|吃了?一(瓶|把|整瓶)|吞|吃光|全吃了?).{0,3}安眠药"
            r"|安眠药.{0,4}(一(瓶|把)|全吃|吃光)",
            r"写(好|了)?遗书|留(下|了)?遗书",
        ),
        en=(
            r"\bjump(ing|ed)? (overboard|off the ship|into the sea)\b",
            r"\b(took|take|taken|taking) an overdose\b|\boverdosed\b",
            r"\bhang(ing)? my ?self\b",
        ),
    ),
    Rule(
        "harm_others",
        MENTAL,
        zh=(r"想杀(人|了他|了她|死他|死她|了他们|了船长|了大副)",),
        en=(
            r"\b(want to|wanna|going to|gonna) kill "
            r"(him|her|them|someone|somebody|the captain|everyone)\b",
        ),
    ),
    # --- physical: contact the master and the radio medical service -------------------------
    Rule(
        "chest_pain",
        PHYSICAL,
        zh=(
            r"胸痛|胸部(剧)?痛|胸口.{0,2}(疼|痛)|心口.{0,2}(疼|痛)|心前区.{0,2}(疼|痛)",
            r"胸闷.{0,8}(压榨|压迫|压着|石头|大汗|冷汗|出汗|喘不|憋|左臂|左肩|放射)",
            r"胸(口|部)?.{0,2}(压榨|压迫)(感|痛|样)",
            r"心绞痛|心梗|心肌梗|心脏病(发作|犯了)",
        ),
        en=(
            r"\bchest pains?\b|\bpain in (my|the) chest\b|\bchest (tightness|pressure)\b",
            r"\btight chest\b|\bcrushing chest\b|\bheart attack\b",
        ),
        zh_exclusions=(
            rf"{_NEG}(胸痛|胸口(疼|痛))",
            r"(胸口|心口)(也|都)?(不|没|没有)(疼|痛)",
            rf"{_PAST}.{{0,6}}(胸痛|胸口(疼|痛)|心口(疼|痛)).{{0,12}}{_NOW_FINE}",
        ),
        en_exclusions=(r"\b(no|without|never had|not any) chest pains?\b",),
    ),
    Rule(
        "heavy_bleeding",
        PHYSICAL,
        zh=(
            r"大出血|大量出血|出血不止|出血止不住|血流不止|血止不住|止不住血|止不住地?流血",
            r"流了(很多|好多|一大摊|一地)(的)?血|血喷|喷血",
            r"吐血|呕血|咯血|咳血|咳出血|吐出血",
            r"便血(不止|很多|量大|一直|止不住)|大量便血|拉了?很多血",
        ),
        en=(
            r"\bheavy bleeding\b|\bbleeding (heavily|a lot|badly)\b|\b(lots|a lot) of blood\b",
            r"\b(wont|cant|doesnt|cannot|will not|can not) stop (the )?bleeding\b",
            r"\bbleeding (wont|will not|doesnt|does not) stop\b",
            r"\b(vomiting|vomited|throwing up|threw up|coughing up|coughed up) blood\b",
        ),
    ),
    Rule(
        "breathing",
        PHYSICAL,
        zh=(
            r"呼吸困难|呼吸急促|喘不(上|过)来?气|透不过气|上不来气|吸不上气",
            r"(无法|不能|没法|没办法)呼吸",
        ),
        en=(
            r"\b(cant|cannot|can not|couldnt|unable to) breathe\b",
            r"\b(difficulty|trouble|struggling to|hard to) breath(e|ing)\b",
            r"\bshort(ness)? of breath\b|\bbreathless\b",
        ),
        zh_exclusions=(
            rf"{_NEG}(呼吸困难|喘不(上|过)来?气)",
            r"压力.{0,8}(喘不(上|过)来?气|透不过气)",
        ),
        en_exclusions=(r"\bno (difficulty|trouble) breathing\b|\bno shortness of breath\b",),
    ),
    Rule(
        "unconscious",
        PHYSICAL,
        zh=(r"昏迷|昏倒|晕倒|晕过去|晕厥|不省人事|叫不醒|失去知觉|失去意识|意识不清|没有意识",),
        en=(r"\bunconscious\b|\bpassed out\b|\bfainted\b|\bunresponsive\b|\bblacked out\b",),
    ),
    Rule(
        "seizure",
        PHYSICAL,
        zh=(r"抽搐|抽风|癫痫发作|羊角风|口吐白沫",),
        en=(r"\bseizures?\b|\bconvulsi|\b(having|had) a fit\b",),
    ),
    Rule(
        "stroke",
        PHYSICAL,
        zh=(
            r"中风|脑卒中|脑梗|脑出血|偏瘫",
            r"口角歪斜|嘴(巴)?歪|脸歪",
            r"(半边|一侧)(身体|身子|脸|手|腿)?.{0,3}(麻木|发麻|没力气|无力|动不了|不能动)",
            r"突然(说话不清|口齿不清|说不出话)",
        ),
        en=(r"\bstrokes?\b|\bface droop|\bslurred speech\b",),
    ),
    Rule(
        "severe_burn",
        PHYSICAL,
        zh=(
            r"(严重|大面积|重度)(的)?(烧伤|烫伤|灼伤|烧烫伤)",
            r"(烧伤|烫伤|灼伤).{0,4}(严重|大面积|焦黑|起大泡|很大一片)",
            r"化学(烧伤|灼伤)|电击伤|触电",
        ),
        en=(
            r"\b(severe|serious|bad|major) burns?\b|\bbadly burn(ed|t)\b",
            r"\belectric(al)? shock\b|\belectrocuted\b",
        ),
    ),
    Rule(
        "poisoning",
        PHYSICAL,
        zh=(r"一氧化碳|硫化氢|煤气中毒|农药中毒|误服|误喝|误食",),
        en=(r"\bcarbon monoxide\b|\bhydrogen sulfide\b|\bh2s\b|\bpoisoned\b|\bpoisoning\b",),
        zh_exclusions=(r"食物中毒",),
        en_exclusions=(r"\bfood poisoning\b",),
    ),
    Rule(
        "severe_abdominal_pain",
        PHYSICAL,
        zh=(
            r"剧烈(的)?(腹痛|肚子疼|肚子痛|胃痛)|(腹部|肚子|胃)剧痛",
            r"(肚子|腹部|胃)(疼|痛)得(打滚|受不了|直不起腰|满头大汗)",
        ),
        en=(r"\bsevere (abdominal|stomach|belly) pain",),
    ),
    Rule(
        "head_injury",
        PHYSICAL,
        zh=(r"头(部)?(被)?(撞|砸|摔|受伤|磕).{0,8}(昏|晕过去|呕吐|吐了|意识|流血不止)",),
        en=(r"\b(head injury|hit (my|his|her) head)\b.{0,40}\b(vomit|unconscious|confus)",),
    ),
    Rule(
        "anaphylaxis",
        PHYSICAL,
        zh=(r"过敏性休克|喉咙肿|喉头水肿|嗓子肿得",),
        en=(r"\banaphyla|\bthroat (is )?swelling\b|\bswollen throat\b",),
    ),
)


def _alternation(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


_ZH_EXCLUSION_RE = _alternation(ZH_EXCLUSIONS)
_EN_EXCLUSION_RE = _alternation(EN_EXCLUSIONS)
_COMPILED = tuple(
    (
        rule,
        _alternation(rule.zh),
        _alternation(rule.en),
        _alternation(rule.zh_exclusions),
        _alternation(rule.en_exclusions),
    )
    for rule in RULES
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NOT_LATIN = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """NFKC and case-folded: full-width forms become half-width, letters lower case."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def compact(text: str) -> str:
    """The normalised text with everything but letters and digits removed."""
    return "".join(ch for ch in normalise(text) if unicodedata.category(ch)[0] in "LN")


def words(text: str) -> str:
    """The normalised text as Latin words separated by single spaces."""
    return " " + _NOT_LATIN.sub(" ", _APOSTROPHES.sub("", normalise(text))).strip() + " "


def _mask(pattern: re.Pattern[str] | None, text: str, filler: str) -> str:
    return pattern.sub(filler, text) if pattern is not None else text


def detect_red_flags(text: str) -> RedFlagResult:
    """The red-flag rules the text fires, in the order of ``RULES``."""
    zh_text = _mask(_ZH_EXCLUSION_RE, compact(text), _MASK)
    # Masked English spans become a space-separated marker, keeping word boundaries.
    en_text = _mask(_EN_EXCLUSION_RE, words(text), " _ ")
    codes: list[str] = []
    for rule, zh, en, zh_exclusion, en_exclusion in _COMPILED:
        zh_hit = zh is not None and zh.search(_mask(zh_exclusion, zh_text, _MASK))
        en_hit = en is not None and en.search(_mask(en_exclusion, en_text, " _ "))
        if zh_hit or en_hit:
            codes.append(rule.code)
    return result_for_codes(codes)


def result_for_codes(codes: list[str]) -> RedFlagResult:
    """The result for stored codes (``Question.red_flags``); unknown codes are ignored."""
    known = [code for code in codes if code in RULES_BY_CODE]
    kinds = {RULES_BY_CODE[code].kind for code in known}
    return RedFlagResult(codes=known, mental=MENTAL in kinds, physical=PHYSICAL in kinds)
