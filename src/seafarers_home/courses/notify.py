"""The seafarer is told of each decision on their application, after the decision commits."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.functional import Promise

from seafarers_home.courses.models import Application
from seafarers_home.notifications.actions import do_send_notification


def notify_applicant(application: Application, kind: str, message: Promise) -> None:
    """One notification about ``application`` (de-duplicated per application and kind)."""
    seafarer = application.seafarer
    title = application.session.course.title
    starts = application.session.starts_on.isoformat()
    url = reverse("courses:mine") + f"#a{application.pk}"
    key = f"course.{kind}.{application.pk}"
    transaction.on_commit(
        lambda: do_send_notification(
            seafarer,
            kind=f"course.{kind}",
            message=message,
            params={"course": title, "starts": starts},
            url=url,
            dedupe_key=key,
        ),
        robust=True,
    )
