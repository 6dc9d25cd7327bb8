from django.urls import path

from seafarers_home.consultations import views_urgent as views

urlpatterns = [
    path("urgent/", views.urgent_list, name="urgent_list"),
    path("urgent/new/", views.urgent_new, name="urgent_new"),
    path("urgent/<int:pk>/", views.urgent_detail, name="urgent_detail"),
    path("urgent/<int:pk>/take/", views.urgent_take, name="urgent_take"),
    path("urgent/<int:pk>/room/", views.urgent_room, name="urgent_room"),
    path("urgent/<int:pk>/callback/", views.urgent_callback, name="urgent_callback"),
    path(
        "urgent/<int:pk>/callback-result/",
        views.urgent_callback_result,
        name="urgent_callback_result",
    ),
    path("urgent/<int:pk>/close/", views.urgent_close, name="urgent_close"),
    path("urgent/<int:pk>/join/", views.urgent_join, name="urgent_join"),
    path("urgent/<int:pk>/note/", views.urgent_note, name="urgent_note"),
    path("appointments/<int:pk>/note/", views.appointment_note, name="appointment_note"),
    path("notes/<int:pk>/", views.summary, name="summary"),
]
