"""The public knowledge base and the clinicians' publishing of answered questions."""

from django.urls import URLPattern, path

from seafarers_home.inquiries import views_knowledge
from seafarers_home.inquiries.search_limits import limit_search

urlpatterns: list[URLPattern] = [
    path("knowledge/", limit_search(views_knowledge.knowledge), name="knowledge"),
    path("knowledge/<int:pk>/", views_knowledge.knowledge_entry, name="knowledge_entry"),
    path("knowledge/<int:pk>/unpublish/", views_knowledge.unpublish, name="unpublish"),
    path("staff/<int:pk>/publish/", views_knowledge.publish, name="publish"),
]
