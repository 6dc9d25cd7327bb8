from django.urls import path

from seafarers_home.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_password, name="login"),
    path("login/sms/", views.login_sms, name="login_sms"),
    path("register/", views.register, name="register"),
    path("logout/", views.logout_view, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("two-factor/", views.two_factor, name="two_factor"),
]
