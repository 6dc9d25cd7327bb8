from django.urls import path

from seafarers_home.hotline import views_ops

urlpatterns = [
    path("roster/", views_ops.roster, name="roster"),
    path("roster/shifts/<int:pk>/remove/", views_ops.shift_remove, name="shift_remove"),
    path("supervisor/", views_ops.supervisor, name="supervisor"),
    path("webhook/cdr/", views_ops.webhook_cdr, name="webhook_cdr"),
]
