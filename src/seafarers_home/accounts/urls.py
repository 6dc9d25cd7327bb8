from django.contrib.auth import views as auth_views
from django.urls import path

from seafarers_home.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_password, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("two-factor/", views.two_factor, name="two_factor"),
]
