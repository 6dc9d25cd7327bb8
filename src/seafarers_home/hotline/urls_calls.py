"""The caller's pages, the counsellor's console and records, the voice room. hotline/urls.py
concatenates them with the operations pages."""

from django.urls import path

from seafarers_home.hotline import views_calls, views_console, views_records, views_voice

urlpatterns = [
    # the caller
    path("", views_calls.call, name="call"),
    path("join/", views_calls.join, name="join"),
    path("calls/<int:pk>/hang-up/", views_calls.hang_up, name="hang_up"),
    path("callbacks/new/", views_calls.callback_new, name="callback_new"),
    path("callbacks/<int:pk>/cancel/", views_calls.callback_cancel, name="callback_cancel"),
    # both sides of a call
    path("calls/<int:pk>/voice/", views_voice.voice, name="voice"),
    path("calls/<int:pk>/voice/ice/", views_voice.voice_ice, name="voice_ice"),
    # the counsellor
    path("console/", views_console.console, name="console"),
    path("console/state/", views_console.state, name="state"),
    path("console/heartbeat/", views_console.heartbeat, name="heartbeat"),
    path("calls/<int:pk>/accept/", views_console.accept, name="accept"),
    path("calls/<int:pk>/decline/", views_console.decline, name="decline"),
    path("calls/<int:pk>/end/", views_console.end, name="end"),
    path(
        "calls/<int:pk>/callback-attempt/", views_console.callback_attempt, name="callback_attempt"
    ),
    path("follow-ups/<int:pk>/done/", views_console.follow_up_done, name="follow_up_done"),
    path("records/", views_records.records, name="records"),
    path("records/log/", views_records.log_call, name="log_call"),
    path("records/<int:pk>/", views_records.record, name="record"),
    path("records/<int:pk>/crisis/", views_records.crisis, name="crisis"),
]
