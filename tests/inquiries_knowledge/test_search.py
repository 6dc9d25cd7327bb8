from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from seafarers_home.inquiries.models import KnowledgeTerm
from seafarers_home.inquiries.search import (
    MAX_QUERY_TERMS,
    document_terms,
    index_entry,
    query_terms,
    search_knowledge,
    similar_knowledge,
)
from tests.inquiries_knowledge.conftest import answered_question, make_entry
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_it_splits_chinese_into_bigrams_and_characters_and_english_into_words():
    assert document_terms("晕船药") == ["晕船", "船药", "晕", "船", "药"]
    assert document_terms("Vitamin C,每天") == ["vitamin", "c", "每天", "每", "天"]
    # NFKC: full-width letters and digits are ordinary ones; case folded.
    assert document_terms("ＶＩＴＡＭＩＮ Ｂ１２") == ["vitamin", "b12"]


def test_it_asks_for_bigrams_and_drops_a_lone_character_another_term_contains():
    assert query_terms("晕船") == ["晕船"]
    assert query_terms("晕船 药") == ["晕船", "药"]
    assert query_terms("晕船 船") == ["晕船"]
    assert query_terms("  ,。!") == []
    long_query = "".join(chr(0x4E00 + i) for i in range(100))
    assert query_terms(long_query) == [long_query[i : i + 2] for i in range(MAX_QUERY_TERMS)]


def test_it_finds_a_word_in_the_middle_of_a_chinese_sentence(world: World):
    entry = make_entry(
        world.clinician, title="出海问题", question_text="出海第三天开始晕船很厉害怎么办"
    )
    make_entry(world.clinician, title="失眠", question_text="晚上总是睡不着觉")
    assert search_knowledge("晕船") == [entry]
    assert search_knowledge("厉害") == [entry]
    assert search_knowledge("第三天") == [entry]


def test_it_requires_every_query_term(world: World):
    both = make_entry(world.clinician, title="晕船和头疼", question_text="晕船以后一直头疼")
    seasick = make_entry(world.clinician, title="晕船", question_text="晕船吃什么药")
    make_entry(world.clinician, title="头疼", question_text="头疼了三天")
    assert search_knowledge("晕船 头疼") == [both]
    assert set(search_knowledge("晕船")) == {both, seasick}
    # A bigram that occurs nowhere makes the whole query find nothing.
    assert search_knowledge("晕船 牙疼") == []


def test_it_finds_a_single_character_and_english_words_case_blind(world: World):
    drug = make_entry(world.clinician, title="吃什么药", question_text="Vitamin C 每天吃多少")
    make_entry(world.clinician, title="睡眠", question_text="总是睡不着")
    assert search_knowledge("药") == [drug]
    assert search_knowledge("VITAMIN") == [drug]
    assert search_knowledge("ｖｉｔａｍｉｎ c") == [drug]
    assert search_knowledge("vitamin d") == []


def test_it_filters_by_category(world: World):
    body = make_entry(world.clinician, title="晕船", question_text="晕船怎么办")
    mind = make_entry(
        world.clinician, title="晕船心慌", question_text="晕船时很心慌", category="mental"
    )
    assert search_knowledge("晕船", category="mental") == [mind]
    assert search_knowledge("晕船", category="physical") == [body]
    assert set(search_knowledge("晕船", category="")) == {body, mind}


def test_it_ranks_title_matches_first_then_the_newest(world: World):
    in_body = make_entry(world.clinician, title="出海问题", question_text="有点晕船")
    old_title = make_entry(
        world.clinician, title="晕船", question_text="出海", age=timedelta(days=2)
    )
    new_title = make_entry(world.clinician, title="晕船", question_text="出海")
    assert search_knowledge("晕船") == [new_title, old_title, in_body]
    assert search_knowledge("晕船", limit=1) == [new_title]


def test_it_never_lists_unpublished_entries(world: World):
    make_entry(world.clinician, title="晕船", question_text="晕船怎么办", is_published=False)
    assert search_knowledge("晕船") == []


def test_it_never_lists_an_entry_whose_author_has_not_allowed_publishing(world: World):
    question = answered_question(world, allow_publish=True)
    entry = make_entry(world.clinician, title="晕船", question_text="晕船怎么办", question=question)
    assert search_knowledge("晕船") == [entry]
    question.allow_publish = False
    question.save()
    assert search_knowledge("晕船") == []


def test_it_rebuilds_the_index_when_an_entry_changes(world: World):
    entry = make_entry(world.clinician, title="晕船", question_text="晕船怎么办")
    entry.title = "失眠"
    entry.question_text = "晚上睡不着"
    entry.save()
    index_entry(entry)
    assert search_knowledge("晕船") == []
    assert search_knowledge("睡不着") == [entry]
    # Title occurrences weigh more than body ones.
    assert KnowledgeTerm.objects.get(entry=entry, term="失眠").weight == 5
    assert KnowledgeTerm.objects.get(entry=entry, term="睡不").weight == 1


def test_it_answers_nothing_for_a_query_without_words(world: World):
    make_entry(world.clinician, title="晕船", question_text="晕船怎么办")
    assert search_knowledge("") == []
    assert search_knowledge("?!。,") == []


def test_it_suggests_similar_entries_for_a_longer_question(world: World):
    seasick = make_entry(world.clinician, title="晕船吃不下饭", question_text="晕船很厉害吃不下饭")
    make_entry(world.clinician, title="失眠", question_text="晚上总是睡不着")
    text = "这几天晕船很厉害,什么都吃不下"
    # Not every bigram of the question occurs, so the AND search finds nothing …
    assert search_knowledge(text) == []
    # … but the entry sharing most of them is suggested.
    assert similar_knowledge(text) == [seasick]


def test_it_finds_an_answer_written_in_other_words_for_the_same_worry(world: World):
    """Seafarers search 失眠 for an entry that says 睡不好 or 睡眠: the synonym groups index an
    entry under the other words of a worry it mentions, never more than that."""
    sleep = make_entry(world.clinician, title="在海上连续几周睡不好觉", question_text="入睡困难")
    homesick = make_entry(world.clinician, title="出海三个月很思乡", question_text="想念家人")
    make_entry(world.clinician, title="晕船吃什么药", question_text="出海第三天")
    assert search_knowledge("失眠") == [sleep]
    assert search_knowledge("睡眠") == [sleep]
    assert search_knowledge("想家") == [homesick]
    assert similar_knowledge("失眠") == [sleep]  # the ask page's first step
    # Every query term must still match: a word of another worry finds nothing more.
    assert search_knowledge("失眠 晕船") == []
    # A longer phrase only recognises the worry: its everyday pieces are not added.
    insomnia = make_entry(world.clinician, title="失眠怎么办", question_text="值班以后")
    missing_home = make_entry(world.clinician, title="想家", question_text="出海以后")
    assert insomnia in search_knowledge("睡眠") and insomnia not in search_knowledge("困难")
    assert missing_home not in search_knowledge("家人")
    other = make_entry(world.clinician, title="淡水紧张怎么办", question_text="一早醒来没水喝")
    assert other not in search_knowledge("焦虑") + search_knowledge("失眠")


def test_the_reindex_command_brings_older_entries_under_the_synonym_groups(world: World):
    entry = make_entry(world.clinician, title="睡不好觉怎么办", question_text="值班以后")
    KnowledgeTerm.objects.filter(entry=entry, term="失眠").delete()  # indexed before the groups
    assert search_knowledge("失眠") == []
    out = StringIO()
    call_command("reindex_knowledge", stdout=out)
    assert "Reindexed 1 knowledge entries" in out.getvalue()
    assert search_knowledge("失眠") == [entry]
