"""The seafarer's "I need help now" pages: the press, the page that answers it with the crisis
box and the hotline's callback form, the callback booking. The project's urls.py mounts them
at /alerts/help-now/ in the alerts namespace, where they have always been."""

from django.urls import path

from seafarers_home.hotline import views_help_now

urlpatterns = [
    path("help-now/", views_help_now.press, name="help_now"),
    path("help-now/<int:pk>/", views_help_now.page, name="help_now_page"),
    path("help-now/<int:pk>/callback/", views_help_now.callback, name="help_now_callback"),
    path("help-now/<int:pk>/mistaken/", views_help_now.mistaken, name="help_now_mistaken"),
]
