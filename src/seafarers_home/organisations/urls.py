from django.urls import path

from seafarers_home.organisations import views, views_membership

app_name = "organisations"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/vessel/", views_membership.my_vessel, name="my_vessel"),
    path("company/crew/", views.company_crew, name="company_crew"),
    path("company/crew/<int:pk>/confirm/", views_membership.confirm_member, name="confirm_member"),
    path("company/crew/<int:pk>/decline/", views_membership.decline_member, name="decline_member"),
    path("company/vessels/", views.vessel_list, name="vessel_list"),
    path("company/vessels/new/", views.vessel_create, name="vessel_create"),
    path("vessels/<int:pk>/", views.vessel_detail, name="vessel_detail"),
    path("vessels/<int:pk>/edit/", views.vessel_edit, name="vessel_edit"),
]
