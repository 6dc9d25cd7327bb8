"""Who may open which course, session, application and document.

A training officer acts only for the providers their role grants name: another provider's
courses, sessions and applicants answer 404, never 403. A seafarer sees their own applications
only. The published sessions themselves are for everyone signed in to browse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from seafarers_home.accounts.models import Role
from seafarers_home.courses.models import Application, ApplicationDocument, Course, CourseSession
from seafarers_home.organisations.models import Organisation
from seafarers_home.permissions.roles import is_seafarer, is_training_officer

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def officer_provider_ids(user: User | AnonymousUser) -> list[int]:
    """The training providers this person acts for (usually one)."""
    if not is_training_officer(user) or isinstance(user, AnonymousUser):
        return []
    return list(
        Organisation.objects.filter(
            pk__in=user.organisations_for(Role.TRAINING_OFFICER),
            kind=Organisation.Kind.TRAINING_PROVIDER,
        ).values_list("pk", flat=True)
    )


def officer_providers(user: User | AnonymousUser) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=officer_provider_ids(user)).order_by("name"))


def get_course_for_officer(user: User | AnonymousUser, pk: int) -> Course:
    course = Course.objects.filter(pk=pk, provider_id__in=officer_provider_ids(user)).first()
    if course is None:
        raise Http404
    return course


def get_session_for_officer(user: User | AnonymousUser, pk: int) -> CourseSession:
    session = (
        CourseSession.objects.select_related("course__provider")
        .filter(pk=pk, course__provider_id__in=officer_provider_ids(user))
        .first()
    )
    if session is None:
        raise Http404
    return session


def get_application_for_officer(user: User | AnonymousUser, pk: int) -> Application:
    application = (
        Application.objects.select_related("session__course__provider", "seafarer")
        .filter(pk=pk, session__course__provider_id__in=officer_provider_ids(user))
        .first()
    )
    if application is None:
        raise Http404
    return application


def get_published_session(pk: int) -> CourseSession:
    session = CourseSession.objects.select_related("course__provider").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def get_own_application(user: User | AnonymousUser, pk: int) -> Application:
    if not is_seafarer(user):
        raise Http404
    application = (
        Application.objects.select_related("session__course__provider")
        .filter(pk=pk, seafarer_id=user.pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def get_document_for_user(
    user: User | AnonymousUser, pk: int, document_pk: int
) -> ApplicationDocument:
    """A document of application ``pk``, for its applicant or the provider's officers."""
    application = Application.objects.filter(pk=pk).first()
    if application is None:
        raise Http404
    own = is_seafarer(user) and application.seafarer_id == user.pk
    if not own:
        application = get_application_for_officer(user, pk)
    document = ApplicationDocument.objects.filter(pk=document_pk, application=application).first()
    if document is None:
        raise Http404
    return document
