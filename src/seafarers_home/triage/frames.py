"""Frames that make a flagged word about something other than the writer's own danger now: a
film or the news, a question of prevention or first aid, an episode long past and over.

A frame never silences triage on its own. ``service.triage_text`` lets a frame discount the
lexicon's hit only when the classifier, reading the whole text, also puts the risk low: "看了一部
关于自杀的电影" is routine, "看了那部电影以后我也想自杀" is not (the classifier reads the
first-person wish), and "what are the signs of a heart attack?" does not page anyone.
"""

from __future__ import annotations

import re

from seafarers_home.triage.normalise import compact, normalise, words

MEDIA = "media"
KNOWLEDGE = "knowledge"
PAST = "past"
PESTS = "pests"

_ZH = {
    MEDIA: r"电影|电视剧|小说|新闻|报道|文章|视频|书里|一本书|明星|纪录片|作文|论文|剧里|结局",
    KNOWLEDGE: r"怎么(帮助|帮|判断|预防|防止|处理|识别|应对|回|劝|开导|急救)|预防|讲座|培训|了解一下|学习一下"
    r"|以防万一|知识|教程|症状|前兆|征兆|如果(有人|船员|同事|兄弟)|有人说|自救|急救|应该怎么做|第一时间"
    r"|(应该|该)怎么(跟|处理|办|做|聊)|怎么(跟他|陪伴|聊|安慰)|有没有(指南|讲座|培训)|提前(了解|学习)|想了解",
    PAST: r"(以前|前几年|之前|几年前|小时候|年轻时|曾经|那时候|去年).{0,24}(现在|后来|已经).{0,8}"
    r"(好|没有|停|不再|开店|结婚|走出来|康复)|那是.{0,6}年前的事",
    PESTS: r"老鼠多|蟑螂|灭鼠|杀虫|除虫",
}
_EN = {
    MEDIA: r"\b(movie|film|news|article|book|essay|documentary|series|tv|celebrity|novel|story)\b",
    KNOWLEDGE: r"\bhow (do|can|should|to) (i|we|you)? ?(help|recogni[sz]e|spot|prevent|talk|treat)"
    r"|\bwarning signs\b|\bsigns of\b|\bsymptoms of\b|\bprevent\w*\b|\btraining\b|\bhotline number\b"
    r"|\bwhat (should|to) (i|we) do if\b|\bin case\b|\bsupport group\b|\blost (his|her|a|my) \w+ to\b"
    r"|\bif (someone|somebody|anyone|a crew)\b|\bfirst aid\b|\bhow to recogni|\bwhat should i say\b"
    r"|\bhow do i do\b|\bwant to be prepared\b|\blook out for\b|\bsigns that\b|\bwhere can i find\b"
    r"|\bstatistics\b|\bessay\b",
    PAST: r"\b(years? ago|used to|long time ago|few years back|last year|when i was)\b.{0,80}"
    r"\b(now i m|now im|now i am|doing good|stopped|im ok|i m ok|coping|happy|better now|got help|been fine)"
    r"|\bback in (19|20)\d\d\b.{0,80}\b(fine|ok|better|now)\b",
    PESTS: r"\b(rats?|mice|cockroach\w*|pests?|insects?|bugs)\b",
}
_ZH_RE = {name: re.compile(pattern) for name, pattern in _ZH.items()}
_EN_RE = {name: re.compile(pattern) for name, pattern in _EN.items()}


# A title in book-title marks is a film, a book or a programme: 《自杀小队》.
_TITLE_MARKS = re.compile(r"《[^》]{1,30}》")


def frames_of(text: str | None) -> set[str]:
    zh_text, en_text = compact(text), words(text)
    found = {name for name, pattern in _ZH_RE.items() if pattern.search(zh_text)}
    if _TITLE_MARKS.search(normalise(text)):
        found.add(MEDIA)
    found |= {name for name, pattern in _EN_RE.items() if pattern.search(en_text)}
    return found
