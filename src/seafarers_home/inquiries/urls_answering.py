"""The clinicians' side of the message board and the union's statistics."""

from django.urls import URLPattern, path

from seafarers_home.inquiries import views_answer_templates, views_answering, views_stats

urlpatterns: list[URLPattern] = [
    path("staff/", views_answering.queue, name="queue"),
    path("staff/<int:pk>/", views_answering.staff_thread, name="staff_thread"),
    path("staff/<int:pk>/claim/", views_answering.claim, name="claim"),
    path("staff/<int:pk>/release/", views_answering.release, name="release"),
    path("staff/<int:pk>/reply/", views_answering.reply, name="reply"),
    path("staff/<int:pk>/answered/", views_answering.mark_answered, name="mark_answered"),
    path("staff/templates/", views_answer_templates.templates, name="templates"),
    path(
        "staff/templates/<int:pk>/delete/",
        views_answer_templates.template_delete,
        name="template_delete",
    ),
    path("staff/specialties/", views_answer_templates.specialties, name="specialties"),
    path("stats/", views_stats.stats, name="stats"),
]
