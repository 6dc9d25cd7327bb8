from django.urls import path

from seafarers_home.organisations import views

app_name = "organisations"

urlpatterns = [
    path("company/crew/", views.company_crew, name="company_crew"),
]
