"""维权保障: the seafarer's pages at the top, the legal workers' under work/."""

from django.urls import URLPattern, path

from seafarers_home.rights import (
    views_crew,
    views_learn,
    views_legal_aid,
    views_roster,
    views_seafarer,
    views_stats,
    views_work,
)

app_name = "rights"

urlpatterns: list[URLPattern] = [
    path("", views_seafarer.home, name="home"),
    path("new/", views_seafarer.choose, name="choose"),
    path("join/", views_seafarer.join, name="join"),
    path("new/<slug:code>/", views_seafarer.report, name="report"),
    path("<int:pk>/", views_seafarer.case, name="case"),
    path("<int:pk>/reply/", views_seafarer.reply, name="reply"),
    path("<int:pk>/evidence/", views_seafarer.upload, name="upload"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views_seafarer.evidence_file, name="evidence"),
    path("<int:pk>/legal-aid/", views_legal_aid.apply, name="legal_aid"),
    path("<int:pk>/legal-aid/notice/", views_legal_aid.notice, name="legal_aid_notice"),
    path("work/", views_work.queue, name="work_queue"),
    path("work/<int:pk>/", views_work.work_case, name="work_case"),
    path("work/<int:pk>/claim/", views_work.claim, name="work_claim"),
    path("work/<int:pk>/assign/", views_work.assign, name="work_assign"),
    path("work/<int:pk>/entry/", views_work.add_entry, name="work_entry"),
    path("work/<int:pk>/status/", views_work.change_status, name="work_status"),
    path("work/<int:pk>/legal-aid/", views_legal_aid.decide, name="work_legal_aid"),
    path("work/<int:pk>/crew/", views_crew.add_crew, name="work_crew"),
    path("claims/<int:pk>/", views_crew.claim, name="claim"),
    path("roster/", views_roster.roster, name="roster"),
    path("roster/<int:pk>/remove/", views_roster.remove, name="roster_remove"),
    path("statistics/", views_stats.statistics, name="statistics"),
    path("learn/", views_learn.library, name="learn"),
    path("learn/<slug:slug>/", views_learn.article, name="article"),
]
