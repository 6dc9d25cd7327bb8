"""The roles and the predicates every view, API endpoint, consumer and the workspace ask.

A predicate takes a user (anonymous included) and answers a bool; it never raises. Someone
not signed in holds no role. A person may hold several roles (``RoleGrant``: role ×
organisation). The scoping of a role to organisations (which company's crew, which clinic's
day list) belongs to the object access helpers; a predicate only says whether the person
acts in the role at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeGuard

from seafarers_home.accounts.models import STAFF_ROLES, Role
from seafarers_home.accounts.two_factor import has_passed_two_factor
from seafarers_home.consent.services import has_health_data_consent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User
    from seafarers_home.organisations.models import Organisation

Predicate = Callable[["User | AnonymousUser"], bool]

__all__ = [
    "STAFF_ROLES",
    "NotAClinician",
    "Predicate",
    "Role",
    "clinic_departments",
    "has_passed_two_factor",
    "holds",
    "is_admin",
    "is_clinic_staff",
    "is_clinician",
    "is_company_officer",
    "is_company_viewer",
    "is_counsellor",
    "is_hotline_operations",
    "is_legal_worker",
    "is_seafarer",
    "is_seafarer_with_health_consent",
    "is_signed_in",
    "is_staff_not_seafarer",
    "is_training_officer",
    "is_union_staff",
    "is_urgent_follower",
    "is_urgent_opener",
    "is_workspace_user",
    "needs_two_factor",
    "require_clinician",
    "sees_all_companies",
]


def is_signed_in(user: User | AnonymousUser) -> TypeGuard[User]:
    return bool(getattr(user, "is_authenticated", False))


def holds(user: User | AnonymousUser, *roles: str) -> TypeGuard[User]:
    """Signed in and holding at least one of ``roles``."""
    return is_signed_in(user) and user.has_role(*roles)


def is_seafarer(user: User | AnonymousUser) -> bool:
    return holds(user, Role.SEAFARER)


def is_seafarer_with_health_consent(user: User | AnonymousUser) -> bool:
    """A seafarer who stands by the current health-data consent (PIPL art. 29): the bar of
    every page and operation that processes their health information."""
    return is_seafarer(user) and has_health_data_consent(user)


def is_clinician(user: User | AnonymousUser) -> TypeGuard[User]:
    return holds(user, Role.CLINICIAN)


def is_counsellor(user: User | AnonymousUser) -> bool:
    return holds(user, Role.COUNSELLOR)


def is_union_staff(user: User | AnonymousUser) -> bool:
    return holds(user, Role.UNION_STAFF)


def is_company_officer(user: User | AnonymousUser) -> bool:
    """Acts as officer for a company: the grant names the company or its company union."""
    if not holds(user, Role.COMPANY_OFFICER):
        return False
    grants = user.role_grants.filter(
        role=Role.COMPANY_OFFICER, organisation__isnull=False
    ).select_related("organisation__parent")
    return any(
        grant.organisation is not None and grant.organisation.company is not None
        for grant in grants
    )


def is_legal_worker(user: User | AnonymousUser) -> bool:
    """The union's rights officers and partner law firms' legal-aid lawyers."""
    return holds(user, Role.LEGAL_WORKER)


def is_training_officer(user: User | AnonymousUser) -> bool:
    """A training provider's officer: publishes courses, approves applicants."""
    return holds(user, Role.TRAINING_OFFICER)


class NotAClinician(PermissionError):
    """An action only a clinician may take was asked of someone who is not one. Actions are
    also called from the API, the shell and tasks, so they check the role themselves."""


def require_clinician(user: User | AnonymousUser) -> None:
    """The guard inside a clinician's action: raises ``NotAClinician`` otherwise."""
    if not is_clinician(user):
        raise NotAClinician


def is_admin(user: User | AnonymousUser) -> bool:
    """The administrator role (the Django admin's own flags are checked by the admin site)."""
    return holds(user, Role.ADMINISTRATOR)


def sees_all_companies(user: User | AnonymousUser) -> bool:
    """Union staff and administrators: every company's aggregates, vessels and voyages."""
    return holds(user, Role.UNION_STAFF, Role.ADMINISTRATOR)


def is_company_viewer(user: User | AnonymousUser) -> bool:
    """Who lists crews, vessels, campaigns and voyages: every company (union staff,
    administrators) or their own (officers)."""
    return sees_all_companies(user) or is_company_officer(user)


def is_hotline_operations(user: User | AnonymousUser) -> bool:
    """Who reads the hotline's roster and supervisor view (no call content)."""
    return holds(user, Role.COUNSELLOR, Role.CLINICIAN, Role.UNION_STAFF, Role.ADMINISTRATOR)


def is_urgent_follower(user: User | AnonymousUser) -> bool:
    """Who follows urgent consultations: the psychiatrists who take them and the people who
    open them."""
    return holds(user, Role.CLINICIAN, Role.COUNSELLOR, Role.UNION_STAFF)


def is_urgent_opener(user: User | AnonymousUser) -> bool:
    """Who opens an urgent consultation for a named seafarer."""
    return holds(user, Role.COUNSELLOR, Role.UNION_STAFF)


def is_workspace_user(user: User | AnonymousUser) -> bool:
    """Staff and company officers: the people the workspace is for."""
    return holds(user, *STAFF_ROLES, Role.COMPANY_OFFICER)


def is_staff_not_seafarer(user: User | AnonymousUser) -> bool:
    """Signed in with a working role and no seafarer role: staff read about the seafarers'
    services; they are not patients and are not asked to consent as one."""
    return is_workspace_user(user) and not is_seafarer(user)


def clinic_departments(user: User | AnonymousUser) -> list[Organisation]:
    """The seafarer clinic departments where ``user`` works as a clinician (through the
    grants: this module imports no organisation code, so that every app may import it)."""
    if not is_clinician(user):
        return []
    grants = user.role_grants.filter(
        role=Role.CLINICIAN,
        organisation__kind="department",
        organisation__is_seafarer_clinic=True,
    ).select_related("organisation")
    departments = {grant.organisation for grant in grants if grant.organisation is not None}
    return sorted(departments, key=lambda org: (org.name, org.pk))


def is_clinic_staff(user: User | AnonymousUser) -> bool:
    """A clinician of a seafarer clinic department (the green channel's day list, its slots)."""
    return bool(clinic_departments(user))


def needs_two_factor(user: User | AnonymousUser) -> bool:
    """Staff roles and the admin flags must pass a TOTP step each session."""
    return is_signed_in(user) and user.needs_two_factor


# ``has_passed_two_factor`` (in ``__all__``) is the one reading of the session's two-factor flag
# for pages, the API, the admin and the WebSockets. It lives in ``accounts.two_factor`` so that
# the HTTP middleware of accounts can call it without importing this package (a cycle).
