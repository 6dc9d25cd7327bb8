"""Care pathway pages: tasks, the safe-home plan and family links, follow-ups."""

from django.urls import URLPattern, path

from seafarers_home.voyages import views_care

urlpatterns: list[URLPattern] = [
    path("care/tasks/", views_care.tasks, name="tasks"),
    path("care/tasks/<int:pk>/dismiss/", views_care.dismiss_task, name="task_dismiss"),
    path("care/safe-home/", views_care.safe_home_plan, name="safe_home"),
    path("care/safe-home/read/", views_care.safe_home_read, name="safe_home_read"),
    path("care/safe-home/share/", views_care.safe_home_share, name="safe_home_share"),
    path(
        "care/safe-home/share/<int:pk>/revoke/",
        views_care.safe_home_revoke,
        name="safe_home_revoke",
    ),
    path("family/<str:token>/", views_care.family, name="family"),
    path("care/follow-ups/", views_care.follow_ups, name="follow_ups"),
    path("care/follow-ups/<int:pk>/", views_care.follow_up_outcome, name="follow_up_outcome"),
]
