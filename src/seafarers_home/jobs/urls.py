from django.urls import path

from seafarers_home.jobs import views_company, views_reports, views_seafarer, views_union

app_name = "jobs"

urlpatterns = [
    path("", views_seafarer.posting_list, name="list"),
    path("postings/<int:pk>/", views_seafarer.posting_detail, name="posting"),
    path("postings/<int:pk>/apply/", views_seafarer.apply, name="apply"),
    path("postings/<int:pk>/report/", views_reports.report, name="report"),
    path("postings/<int:pk>/fee-case/", views_reports.fee_case, name="fee_case"),
    path("mine/", views_seafarer.mine, name="mine"),
    path("applications/<int:pk>/", views_seafarer.application, name="application"),
    path("applications/<int:pk>/withdraw/", views_seafarer.withdraw, name="withdraw"),
    path("applications/<int:pk>/message/", views_seafarer.message, name="message"),
    path("searches/", views_seafarer.search_save, name="search_save"),
    path("searches/<int:pk>/delete/", views_seafarer.search_delete, name="search_delete"),
    path("company/", views_company.manage, name="manage"),
    path("company/new/", views_company.posting_new, name="posting_new"),
    path("company/postings/<int:pk>/edit/", views_company.posting_edit, name="posting_edit"),
    path("company/postings/<int:pk>/", views_company.applicants, name="applicants"),
    path("company/postings/<int:pk>/shortlist.csv", views_company.export, name="export"),
    path(
        "company/applications/<int:pk>/",
        views_company.officer_application,
        name="officer_application",
    ),
    path("company/applications/<int:pk>/move/", views_company.move, name="move"),
    path(
        "company/applications/<int:pk>/message/",
        views_company.officer_message,
        name="officer_message",
    ),
    path("review/", views_union.review_queue, name="review_queue"),
    path("review/<int:pk>/", views_union.review_posting, name="review"),
    path("review/<int:pk>/suspend/", views_reports.suspend, name="suspend"),
    path("review/companies/", views_union.companies, name="companies"),
    path("review/stats/", views_union.stats, name="stats"),
    path("review/companies/<int:pk>/", views_union.company_standing, name="company_standing"),
]
