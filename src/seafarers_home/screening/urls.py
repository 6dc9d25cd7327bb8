from django.urls import path

from seafarers_home.screening import (
    views_campaigns,
    views_history,
    views_review,
    views_take,
    views_training,
)

app_name = "screening"

urlpatterns: list = [
    # S2: taking a screening, results, history
    path("", views_take.start, name="start"),
    path("history/", views_history.history, name="history"),
    path("<int:pk>/result/", views_take.result, name="result"),
    path("<int:pk>/<str:code>/", views_take.take, name="take"),
    # S4: clinician review and fit-for-duty clearance
    path("review/", views_review.review_queue, name="review_queue"),
    path("review/<int:pk>/", views_review.review_detail, name="review_detail"),
    path("review/<int:pk>/clearance/", views_review.clearance_new, name="clearance_new"),
    path("company/clearances/", views_review.crew_clearances, name="crew_clearances"),
    path("clearances/", views_review.my_clearances, name="my_clearances"),
    # S5: crew campaigns and pre-departure training
    path("campaigns/", views_campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", views_campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views_campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/import/", views_campaigns.campaign_import, name="campaign_import"),
    path("training/", views_training.training, name="training"),
    path("training/breathe/", views_training.breathe, name="breathe"),
    path("training/<slug:slug>/", views_training.lesson, name="lesson"),
]
