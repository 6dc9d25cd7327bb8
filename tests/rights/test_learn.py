"""普法: the library's data files, its Chinese search and its public pages."""

from __future__ import annotations

import re

from django.test import Client

from seafarers_home.rights.articles import all_articles


def test_every_article_cites_the_law_and_is_marked_for_review() -> None:
    articles = all_articles()
    assert len(articles) >= 6
    for article in articles:
        for title, note, body in article.texts.values():
            assert (title and "审核" in note) or "review" in note, article.slug
            assert re.search(
                r"第[一二三四五六七八九十百零\d]+条|Art\. \d+|Standard A|Regulation", body
            )
        assert set(article.texts) == {"zh-hans", "en"}, article.slug


def test_the_library_finds_articles_by_chinese_words(client: Client) -> None:
    page = client.get("/rights/learn/?q=船舶优先权").content.decode()
    assert "船员工资优先受偿" in page and "书面劳动合同" not in page
    assert "工伤认定" in client.get("/rights/learn/?q=工伤").content.decode()
    assert "没有找到" in client.get("/rights/learn/?q=股票期权").content.decode()
    article = client.get("/rights/learn/wages-and-maritime-liens/")
    assert article.status_code == 200 and "第二十九条" in article.content.decode()
    assert len(article.content) < 14_000
    assert client.get("/rights/learn/no-such-article/").status_code == 404
