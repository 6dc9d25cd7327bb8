from django.urls import path

from seafarers_home.activities import views_organiser, views_seafarer, views_union

app_name = "activities"

urlpatterns = [
    path("", views_seafarer.activity_list, name="list"),
    path("<int:pk>/", views_seafarer.activity_detail, name="detail"),
    path("<int:pk>/sign-up/", views_seafarer.sign_up, name="sign_up"),
    path("<int:pk>/cancel-sign-up/", views_seafarer.cancel_sign_up, name="cancel_sign_up"),
    path("<int:pk>/confirm/", views_seafarer.confirm_offer, name="confirm"),
    path("<int:pk>/calendar.ics", views_seafarer.calendar_file, name="ics"),
    path("<int:pk>/picture.jpg", views_seafarer.picture, name="picture"),
    path("statistics/", views_union.statistics, name="statistics"),
    path("manage/", views_organiser.manage, name="manage"),
    path("manage/new/", views_organiser.new, name="new"),
    path("manage/<int:pk>/", views_organiser.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/cancel/", views_organiser.cancel, name="cancel"),
    path("manage/<int:pk>/check-in/", views_organiser.check_in, name="check_in"),
    path("manage/<int:pk>/tick/", views_organiser.tick, name="tick"),
    path("manage/<int:pk>/attendance.csv", views_organiser.attendance_csv, name="attendance_csv"),
]
