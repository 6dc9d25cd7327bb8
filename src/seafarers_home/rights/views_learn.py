"""普法 pages: the library (with search) and an article. Public: rights are for anyone to
read, signed in or not; small pages that a phone keeps for reading offline."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from seafarers_home.rights.articles import all_articles, get_article, search_articles

MAX_QUERY = 40


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    articles = search_articles(query) if query else list(all_articles())
    return render(request, "rights/learn_list.html", {"q": query, "articles": articles})


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_article(slug)
    if found is None:
        raise Http404
    response = render(request, "rights/learn_article.html", {"article": found})
    if not request.user.is_authenticated:
        response["Cache-Control"] = "public, max-age=86400"  # kept for reading at sea
    return response
