"""The seafarer is told of each decision on their application, and the provider's officers of
each new application (in the inbox only: an SMS per applicant would drown them), after the
write commits."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.courses.models import Application
from seafarers_home.notifications.actions import do_send_notification


def notify_applicant(
    application: Application, kind: str, message: Promise, **extra: object
) -> None:
    """One notification about ``application`` (de-duplicated per application and kind)."""
    seafarer = application.seafarer
    params = {
        "course": application.session.course.title,
        "starts": application.session.starts_on.isoformat(),
        **extra,
    }
    url = reverse("courses:mine") + f"#a{application.pk}"
    key = f"course.{kind}.{application.pk}"
    transaction.on_commit(
        lambda: do_send_notification(
            seafarer,
            kind=f"course.{kind}",
            message=message,
            params=params,
            url=url,
            dedupe_key=key,
        ),
        robust=True,
    )


NEW_APPLICATION_MESSAGE = gettext_lazy("“%(course)s”(%(starts)s 开班)有新的报名待审核。")


def notify_provider(application: Application) -> None:
    """Tell the officers of the session's provider that an application waits for them."""
    session = application.session
    officers = list(
        User.objects.filter(
            is_active=True,
            role_grants__role=Role.TRAINING_OFFICER,
            role_grants__organisation_id=session.course.provider_id,
        ).distinct()
    )
    params = {"course": session.course.title, "starts": session.starts_on.isoformat()}
    url = reverse("courses:applicants", kwargs={"pk": session.pk}) + f"#a{application.pk}"
    key = f"course.new_application.{application.pk}"

    def send() -> None:
        for officer in officers:
            do_send_notification(
                officer,
                kind="course.new_application",
                message=NEW_APPLICATION_MESSAGE,
                params=params,
                url=url,
                dedupe_key=key,
                sms=False,
            )

    transaction.on_commit(send, robust=True)
