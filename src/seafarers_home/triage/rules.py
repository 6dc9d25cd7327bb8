"""The shape of a lexicon rule and the exclusions shared by all of them.

A rule has a code (stored, e.g. in ``Question.red_flags``), a kind (a mental-health crisis or
a physical emergency), a label a clinician reads, and patterns: Chinese ones over the compact
form of the text, English ones over its words form (``normalise.py``). Exclusions are masked
before patterns run: a span matching one (杀虫剂, 跳楼价, "killing time") is replaced by a
placeholder so that the words inside it do not fire, while the rest of the text is still read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MENTAL = "mental"
PHYSICAL = "physical"


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str  # MENTAL or PHYSICAL
    label: Any  # a lazy translation: what the clinician reads
    zh: tuple[str, ...]
    en: tuple[str, ...]
    # Exclusions that only concern this rule (masked before its patterns are tried).
    zh_exclusions: tuple[str, ...] = ()
    en_exclusions: tuple[str, ...] = ()


CONDITIONS = r"(中风|脑卒中|脑梗|脑出血|心梗|心肌梗死?|心绞痛|心脏病|一氧化碳中毒|煤气中毒|癫痫)"

# Masked for every rule: ordinary wording that merely contains a flagged word.
ZH_EXCLUSIONS: tuple[str, ...] = (
    r"杀虫剂?|杀虫药|杀菌|杀毒|杀鱼|杀鸡|杀猪|杀价|杀时间|抹杀|秒杀|杀青|杀手锏",
    r"自杀式(袭击|爆炸|炸弹|攻击|行为)?",
    r"跳楼(价|大甩卖|大减价|甩卖)",
    r"跳船",  # seafarers' slang: deserting a ship
    r"紫砂(壶|锅|杯|茶具)",
    r"死机|笑死|累死|热死|冷死|困死|饿死|烦死|吓死|忙死|气死|急死|羡慕死|死板|死心眼|死党"
    r"|拼死拼活|死磕|死记硬背|死胡同|死角|死机|死活不|要死不活地?干|死对头|死脑筋",
    r"想死(你|您|他|她|它|我|咱|大家|家里|孩子|老婆|老公|爸妈|宝宝)(们)?(了|啦)?",
    r"(回|思|梦|理|感|联|料|猜|设|构|预|妄)想死|想死去的",
    r"不是(要)?离开这个世界|不想死|怕死|不会死|(得|的)(我)?(快)?要死|要死不活|要死要活|(会|能)(不会|不能)?死(吗|么|嘛|人吗)|会不会死|死不了",
    r"气(得|的)吐血|吐血推荐|吐血整理",
    r"(商场|促销|价格|清仓)大出血|大出血(价|促销)",
    r"(眼皮|眼睑|眼角|嘴角|脸皮|肌肉)(跳|抽搐|跳动)",
    r"触电(的)?感觉|像触电",
    r"(开心|高兴|美|乐|爽|幸福|好吃|香)死(了|我了)?|防溺水|(防止|预防)溺水|海葬|骨灰(交给|撒)了?大海.{0,10}(忌日|规矩|敬)",
    r"(下了班|下班|干了.{0,8}小时|累).{0,8}睡很久",
    r"(游戏|王者|吃鸡|剧里|电影里|小说里|电视剧)(里)?(又)?(被)?(打)?死",
    # Prevention and general-knowledge questions that name a condition ("怎么预防中风").
    rf"(预防|防止|避免|防)(出现|发生)?{CONDITIONS}((和|或|与|及|跟)?{CONDITIONS})*",
    rf"{CONDITIONS}(的)?(前兆|症状|征兆|原因|危险因素)(有哪些|是什么|有什么|都有啥)",
)
EN_EXCLUSIONS: tuple[str, ...] = (
    r"\bkill(ing)? (time|the time)\b|\bkiller whale\b|\bkill switch\b",
    r"\bsuicide (squad|bomb\w*|attack\w*|mission|doors?)\b",
    r"\b(dont|do not|didnt|did not|never) (want|wanna|wanted) (to )?die\b",
    r"\b(back|breast|key|brush|master) ?strokes?\b|\bstroke of (luck|genius)\b|\bstrok(ed|ing)\b",
    r"\bdying to (know|see|go|try|get|hear|eat)\b",
    r"\bto die for\b|\bhope to die\b|\bjump into the pool\b",
    r"\b(prevent|preventing|prevention of|avoid|avoiding|reduce the risk of|risk of)"
    r" (a |an )?(stroke|heart attack|seizures?)s?\b",
    r"\b(stroke|heart attack) (prevention|risk)\b",
    r"\b(phone|battery|engine|laptop|wifi|signal|generator) (is |has |just )?died\b",
)

# Shared pieces of the physical rules.
NEG = r"(没有|没|无|不|未|否认)"
PAST = r"(以前|以往|过去|之前|曾经|去年|前年|几年前|小时候|年轻时)"
NOW_FINE = r"(现在|目前|已经|早就|后来)(都|也)?(好了|没事|不疼|不痛|没有了|消失了|治好了|痊愈)"
# A person did not move or respond after it: the sign that turns a fall or a blow into an
# emergency.
NO_RESPONSE_ZH = r"(不动|动不了|起不来|没反应|没有反应|叫不醒|叫不应|没知觉|昏|晕过去|不省人事)"
