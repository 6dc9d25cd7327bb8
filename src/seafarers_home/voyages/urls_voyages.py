from django.urls import URLPattern, path

from seafarers_home.voyages import views_voyages as views

urlpatterns: list[URLPattern] = [
    path("mine/", views.mine, name="mine"),
    path("mine/new/", views.record_own, name="record_own"),
    path("", views.voyage_list, name="list"),
    path("crew/new/", views.record_crew, name="record_crew"),
    path("crew/import/", views.crew_import, name="import"),
    path("crew/<str:batch>/readiness/", views.readiness, name="readiness"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/depart/", views.depart, name="depart"),
    path("<int:pk>/return/", views.return_home, name="return"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
