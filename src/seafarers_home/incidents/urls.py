from django.urls import path

from seafarers_home.incidents import views, views_closing, views_person, views_report

app_name = "incidents"

urlpatterns: list = [
    path("", views.incident_list, name="list"),
    path("new/", views.incident_new, name="new"),
    path("mine/", views_person.mine, name="mine"),
    path("report/", views_report.report_new, name="report"),
    path("report/guide/", views_report.guide, name="guide"),
    path("<int:pk>/", views.incident_board, name="board"),
    path("<int:pk>/people/", views.incident_add_people, name="add_people"),
    path("<int:pk>/assign/", views.incident_assign_all, name="assign_all"),
    path("<int:pk>/close/", views_closing.incident_close, name="close"),
    path("<int:pk>/summary/", views_closing.incident_summary, name="summary"),
    path("<int:pk>/review/", views_closing.incident_review, name="review"),
    path("people/<int:pk>/hand-over/", views_closing.person_hand_over, name="hand_over"),
    path("people/<int:pk>/", views_person.person_detail, name="person"),
    path("people/<int:pk>/assign/", views_person.person_assign, name="assign"),
    path("people/<int:pk>/contact/", views_person.person_contact, name="contact"),
    path("people/<int:pk>/refer/", views_person.person_refer, name="refer"),
    path("tasks/<int:pk>/score/", views_person.task_score, name="score"),
    path("mine/<int:pk>/call-me/", views_person.ask_for_contact, name="ask_contact"),
    path("mine/tasks/<int:pk>/screening/", views_person.take_screen, name="take_screen"),
    path("mine/<int:pk>/family/", views_person.family_add, name="family_add"),
    path("family/<int:pk>/remove/", views_person.family_remove, name="family_remove"),
]
