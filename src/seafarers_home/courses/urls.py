from django.urls import path

from seafarers_home.courses import views_provider, views_seafarer

app_name = "courses"

urlpatterns = [
    path("", views_seafarer.session_list, name="list"),
    path("sessions/<int:pk>/", views_seafarer.session_detail, name="session"),
    path("sessions/<int:pk>/apply/", views_seafarer.apply, name="apply"),
    path("mine/", views_seafarer.mine, name="mine"),
    path("applications/<int:pk>/withdraw/", views_seafarer.withdraw, name="withdraw"),
    path("applications/<int:pk>/confirm/", views_seafarer.confirm, name="confirm"),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/",
        views_seafarer.document,
        name="document",
    ),
    path("manage/", views_provider.manage, name="manage"),
    path("manage/new/", views_provider.course_new, name="course_new"),
    path("manage/<int:pk>/sessions/new/", views_provider.session_new, name="session_new"),
    path("manage/sessions/<int:pk>/", views_provider.applicants, name="applicants"),
    path("manage/sessions/<int:pk>/cancel/", views_provider.session_cancel, name="session_cancel"),
    path("manage/applications/<int:pk>/decide/", views_provider.decide, name="decide"),
    path("manage/applications/<int:pk>/attendance/", views_provider.attendance, name="attendance"),
]
