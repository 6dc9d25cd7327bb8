"""The courses that renew a certificate: for the wallet's reminders and page (registered with
``certificates.renewals`` from CoursesConfig.ready()). The next session, after the given day,
of a course that issues the kind."""

from __future__ import annotations

import datetime

from django.urls import reverse

from seafarers_home.courses.models import CourseSession


def next_renewing_sessions(kinds: frozenset[str], after: datetime.date) -> dict[str, str]:
    links: dict[str, str] = {}
    sessions = (
        CourseSession.objects.filter(
            course__issues_kind__in=kinds, starts_on__gt=after, cancelled_at__isnull=True
        )
        .select_related("course")
        .order_by("starts_on", "pk")
    )
    for session in sessions[:50]:
        kind = session.course.issues_kind
        if kind not in links:
            links[kind] = reverse("courses:session", kwargs={"pk": session.pk})
    return links
