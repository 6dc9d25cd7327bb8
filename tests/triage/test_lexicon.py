"""The red-flag list: phrasings that must fire (with their kind), ordinary questions that
merely mention a word and must not, and variants (spaces, punctuation, full-width forms)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seafarers_home.triage.lexicon import RULES
from seafarers_home.triage.lexicon import match_lexicon as detect_red_flags
from seafarers_home.triage.rules import MENTAL, PHYSICAL

POSITIVE: list[tuple[str, str, str]] = [
    # (text, expected code, kind) — mental health
    ("最近总是想死,不知道怎么办", "death_wish", MENTAL),
    ("我真的不想活了", "death_wish", MENTAL),
    ("每天干活,觉得活着没意思", "death_wish", MENTAL),
    ("活着有什么意义,看不到盼头", "death_wish", MENTAL),
    ("船上太苦了,有时候真想一了百了", "death_wish", MENTAL),
    ("欠了很多钱,活不下去了", "death_wish", MENTAL),
    ("想结束自己的生命", "death_wish", MENTAL),
    ("有轻生的念头怎么办", "suicide", MENTAL),
    ("我想过自杀", "suicide", MENTAL),
    ("没有想过自杀,但是睡不着", "suicide", MENTAL),  # sensitivity first: negation still fires
    ("昨晚差点割腕", "self_harm", MENTAL),
    ("控制不住想伤害自己", "self_harm", MENTAL),
    ("心里难受就自残", "self_harm", MENTAL),
    ("站在甲板上想跳海", "suicide_method", MENTAL),
    ("攒了一瓶安眠药", "suicide_method", MENTAL),
    ("我已经写好遗书了", "preparation", MENTAL),
    ("想喝农药算了", "suicide_method", MENTAL),
    ("同屋的人说要上吊", "suicide_method", MENTAL),
    ("气得想杀了船长", "harm_others", MENTAL),
    ("I want to kill myself", "suicide", MENTAL),
    ("having suicidal thoughts at sea", "suicide", MENTAL),
    ("I keep thinking about suicide", "suicide", MENTAL),
    ("I want to die", "death_wish", MENTAL),
    ("sometimes I think I'd be better off dead", "death_wish", MENTAL),
    ("I just want to end it all", "death_wish", MENTAL),
    ("I have been self-harming again", "self_harm", MENTAL),
    ("urge to cut myself", "self_harm", MENTAL),
    ("thinking of jumping overboard", "suicide_method", MENTAL),
    # physical
    ("突然胸痛,左胳膊也麻", "chest_pain", PHYSICAL),
    ("胸口很疼,出冷汗", "chest_pain", PHYSICAL),
    ("胸闷,像压着一块石头", "chest_pain", PHYSICAL),
    ("以前有过胸痛,最近又开始了", "chest_pain", PHYSICAL),  # past episode, not over
    ("手被缆绳割伤大出血", "heavy_bleeding", PHYSICAL),
    ("伤口血流不止怎么办", "heavy_bleeding", PHYSICAL),
    ("今天吐血了", "heavy_bleeding", PHYSICAL),
    ("便血不止三天了", "heavy_bleeding", PHYSICAL),
    ("呼吸困难,躺不下", "breathing", PHYSICAL),
    ("喘不上气来", "breathing", PHYSICAL),
    ("同事在舱里昏迷了", "unconscious", PHYSICAL),
    ("大管轮突然抽搐口吐白沫", "seizure", PHYSICAL),
    ("老轨突然嘴歪,说话不清", "stroke", PHYSICAL),
    ("我爸好像中风了,手脚不听使唤", "stroke", PHYSICAL),
    ("my father had a heart attack on board", "chest_pain", PHYSICAL),
    ("半边身体发麻动不了", "stroke", PHYSICAL),
    ("机舱蒸汽严重烫伤", "severe_burn", PHYSICAL),
    ("鱼舱里有硫化氢,有人倒了", "poisoning", PHYSICAL),
    ("肚子疼得打滚", "severe_abdominal_pain", PHYSICAL),
    ("chest pain since this morning", "chest_pain", PHYSICAL),
    ("heavy bleeding from a cut", "heavy_bleeding", PHYSICAL),
    ("he can't breathe properly", "breathing", PHYSICAL),
    ("my friend passed out in the engine room", "unconscious", PHYSICAL),
    ("had a seizure on deck", "seizure", PHYSICAL),
    ("I think he is having a stroke", "stroke", PHYSICAL),
    ("coughing up blood", "heavy_bleeding", PHYSICAL),
    # wider lexicon (issue 19): burden, preparation, means on board, passive wishes, typos
    ("我走了家里人反而轻松", "burden", MENTAL),
    ("我就是个累赘,拖累了家里", "burden", MENTAL),
    ("everyone would be better off without me", "burden", MENTAL),
    ("把银行卡密码发给老婆了,以后用得着", "preparation", MENTAL),
    ("后事我都交代好了", "preparation", MENTAL),
    ("wrote goodbye letters to my kids last night", "preparation", MENTAL),
    ("gave away all my stuff, won't need it", "preparation", MENTAL),
    ("药箱里的药我攒了一些", "suicide_method", MENTAL),
    ("缆绳我已经藏好了", "suicide_method", MENTAL),
    ("今晚值班就从右舷跳下去", "suicide_method", MENTAL),
    ("been saving up my sleeping pills", "suicide_method", MENTAL),
    ("thinking of going over the rail tonight", "suicide_method", MENTAL),
    ("睡着了就不要醒来才好", "death_wish", MENTAL),
    ("真希望船出事把我带走", "death_wish", MENTAL),
    ("i go to bed hoping i never wake up", "death_wish", MENTAL),
    ("有时候真想紫砂", "suicide", MENTAL),
    ("有轻声的念头", "suicide", MENTAL),
    ("i wanna kms", "suicide", MENTAL),
    ("want to unalive myself", "suicide", MENTAL),
    ("用烟头烫自己的手", "self_harm", MENTAL),
    ("又割了,比上次深", "self_harm", MENTAL),
    ("been cutting my arms again", "self_harm", MENTAL),
    ("自殺的念頭一直都有", "suicide", MENTAL),  # traditional characters
    ("手被绞盘绞进去了", "crush_injury", PHYSICAL),
    ("his hand got caught in the winch", "crush_injury", PHYSICAL),
    ("从舱口摔下去,叫不醒", "fall_no_movement", PHYSICAL),
    ("he fell into the hold and is not moving", "fall_no_movement", PHYSICAL),
    ("有人落水了,捞上来没有呼吸", "drowning", PHYSICAL),
    ("man overboard, we got him back but he is cold", "drowning", PHYSICAL),
    ("中暑晕倒在甲板上", "temperature", PHYSICAL),
    ("signs of hypothermia after the night on deck, he is confused", "temperature", PHYSICAL),
    ("吃了花生以后喉咙肿,喘不上气", "anaphylaxis", PHYSICAL),
    ("头被吊钩砸了一下,一直呕吐", "head_injury", PHYSICAL),
]

NEGATIVE: list[str] = [
    "船上蟑螂多,用什么杀虫剂比较安全?",
    "杀鱼的时候手被鱼刺扎了,要紧吗?",
    "看新闻说有自杀式袭击,船要不要绕航?",
    "手机死机了,APP打不开怎么办",
    "笑死,晕船药吃了还是晕",
    "今天干活累死了,腰疼怎么缓解",
    "热死了,机舱里怎么防中暑",
    "老婆,我想死你了,什么时候能回家",
    "思想死板的人怎么沟通",
    "以前有过胸痛,现在好了,还需要复查吗?",
    "头疼但是没有胸痛",
    "胸口不疼,就是有点胸闷",
    "压力大得喘不过气,怎么调节情绪?",
    "吃饭前要不要杀菌消毒餐具",
    "眼皮抽搐是怎么回事",
    "腿抽筋了怎么办",
    "晕船很厉害怎么办",
    "商场大出血打折,顺便问维生素怎么吃",
    "气得吐血,船长又扣工资",
    "同事说要跳船不干了",
    "跳楼价买的血压计准吗",
    "痔疮便血怎么办",
    "我不想死在海上,怎么预防心脏病?",
    "用什么杀毒软件",
    "I want to diet before going home",
    "I don't want to die young, how do I lower my blood pressure?",
    "Any tips for killing time on a long voyage?",
    "I will send it all home to my family",
    "we watched Suicide Squad last night",
    "my swimming backstroke hurts my shoulder",
    "no chest pain, just a cough",
    "I stroked the ship's cat and now I have a rash",
    "how much vitamin D should I take at sea?",
    "经常失眠,睡前可以喝牛奶吗?",
    "怎么预防中风和心梗?",
    "中风的前兆有哪些",
    "how can I prevent a stroke at my age?",
    "what is my risk of a heart attack if I smoke?",
    "这破船晃得我要死",
    "晕船会死吗?",
    "热得要死,机舱温度五十度",
    "紫砂壶能带上船吗",
    "my phone died, can't call home",
    "I'm dying to see my kids",
    "烧炭取暖要注意什么",
    "I could kill for a cold beer",
]


@pytest.mark.parametrize(("text", "code", "kind"), POSITIVE)
def test_it_flags_the_phrasing(text: str, code: str, kind: str) -> None:
    result = detect_red_flags(text)
    assert code in result.codes
    assert getattr(result, kind) is True
    assert result.urgent


@pytest.mark.parametrize("text", NEGATIVE)
def test_it_does_not_flag_an_ordinary_question(text: str) -> None:
    result = detect_red_flags(text)
    assert result.codes == []
    assert not result.urgent


def test_the_tables_are_large_and_cover_every_rule() -> None:
    assert len(POSITIVE) >= 40 and len(NEGATIVE) >= 30
    assert {code for _t, code, _k in POSITIVE} >= {rule.code for rule in RULES}


def test_it_keeps_checking_the_rest_of_a_text_after_an_exclusion() -> None:
    assert detect_red_flags("今天累死了,真的不想活了").codes == ["death_wish"]
    assert detect_red_flags("杀虫剂喝了一口,现在呼吸困难").codes == ["breathing"]


def test_it_reports_both_kinds() -> None:
    result = detect_red_flags("胸痛得厉害,也不想活了")
    assert result.codes == ["death_wish", "chest_pain"]
    assert result.mental and result.physical


FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
INSERTS = [" ", "\u3000", ",", "。", "!", "-", "…", "\u200b", "·", "*", "~", "\n"]


@st.composite
def disguised(draw: st.DrawFn) -> tuple[str, str]:
    """A positive phrasing with separators put between its characters (Chinese: anywhere;
    English: between words, where people put them) and some letters made full-width."""
    text, code, _kind = draw(st.sampled_from(POSITIVE))
    out = []
    for index, char in enumerate(text):
        if index and (ord(char) > 0x2E7F or char == " " or text[index - 1] == " "):
            out.append("".join(draw(st.lists(st.sampled_from(INSERTS), max_size=2))))
        if char in FULL_WIDTH and draw(st.booleans()):
            char = FULL_WIDTH[char]
        elif char.isascii() and char.isalpha() and draw(st.booleans()):
            char = char.upper()
        out.append(char)
    return "".join(out), code


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(disguised())
def test_it_still_flags_a_phrasing_with_spaces_punctuation_and_full_width_forms(
    case: tuple[str, str],
) -> None:
    text, code = case
    assert code in detect_red_flags(text).codes, text
