from django.urls import path

from seafarers_home.incidents import views, views_person, views_report

app_name = "incidents"

urlpatterns: list = [
    path("", views.incident_list, name="list"),
    path("new/", views.incident_new, name="new"),
    path("mine/", views_person.mine, name="mine"),
    path("report/", views_report.report_new, name="report"),
    path("report/guide/", views_report.guide, name="guide"),
    path("<int:pk>/", views.incident_board, name="board"),
    path("<int:pk>/people/", views.incident_add_people, name="add_people"),
    path("people/<int:pk>/", views_person.person_detail, name="person"),
    path("people/<int:pk>/assign/", views_person.person_assign, name="assign"),
    path("people/<int:pk>/contact/", views_person.person_contact, name="contact"),
    path("people/<int:pk>/refer/", views_person.person_refer, name="refer"),
    path("tasks/<int:pk>/score/", views_person.task_score, name="score"),
]
