"""Union activities (issue 12 item 1): the seafarers' pages and the organisers' (union staff;
company officers for their own company). The matrix's activity is the union's, for all
seafarers; its sign-up is the OWNER's."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from seafarers_home.activities.models import Activity, SignUp
from tests.permission_rules.base import OTHER_SEAFARER, OWNER, SEAFARERS, Rule
from tests.personas import World

ORGANISERS = frozenset({"union_staff", "officer_a", "officer_b"})
UNION = frozenset({"union_staff"})


def union_activity(world: World, **fields: Any) -> Activity:
    start = timezone.now() + datetime.timedelta(days=7)
    values: dict[str, Any] = {
        "organisation": world.union,
        "created_by": world.union_staff,
        "title": "海员篮球赛",
        "description": "友谊赛",
        "kind": "culture",
        "place": "海员之家体育馆",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "signup_deadline": start - datetime.timedelta(days=1),
        "capacity": 20,
        "audience": "all",
    }
    values.update(fields)
    return Activity.objects.create(**values)


def _activity(world: World) -> dict[str, Any]:
    return {"pk": union_activity(world).pk}


def _with_picture(world: World) -> dict[str, Any]:
    return {"pk": union_activity(world, picture=b"\xff\xd8jpeg").pk}


def _owner_signed_up(world: World) -> dict[str, Any]:
    activity = union_activity(world)
    SignUp.objects.create(
        activity=activity, seafarer=world.consented_seafarer, status="confirmed", code="MATRIX2345"
    )
    return {"pk": activity.pk}


def _activity_id(world: World) -> dict[str, Any]:
    return {"activity_id": union_activity(world).pk}


def _owners_signup_id(world: World) -> dict[str, Any]:
    signup = SignUp.objects.create(
        activity=union_activity(world),
        seafarer=world.consented_seafarer,
        status="confirmed",
        code="MATRIX6789",
    )
    return {"signup_id": signup.pk}


NOT_OWNER = frozenset({OTHER_SEAFARER, "seafarer"})

RULES: dict[str, Rule] = {
    # the start page's tile: seafarers get the list, organisers are sent to their own
    "activities:list": Rule(allowed=SEAFARERS | ORGANISERS),
    "activities:detail": Rule(allowed=SEAFARERS, kwargs=_activity),
    "activities:sign_up": Rule(allowed=SEAFARERS, method="post", kwargs=_activity),
    "activities:ics": Rule(allowed=SEAFARERS, kwargs=_activity),
    "activities:picture": Rule(allowed=SEAFARERS | UNION, kwargs=_with_picture),
    # the sign-up is the owner's: every other seafarer has none (404)
    "activities:cancel_sign_up": Rule(
        allowed=frozenset({OWNER}), method="post", kwargs=_owner_signed_up
    ),
    "activities:confirm": Rule(allowed=frozenset({OWNER}), method="post", kwargs=_owner_signed_up),
    # organisers; the union's activity is not the companies' officers' (404)
    "activities:manage": Rule(allowed=ORGANISERS),
    "activities:new": Rule(allowed=ORGANISERS),
    "activities:manage_detail": Rule(allowed=UNION, kwargs=_activity),
    "activities:cancel": Rule(allowed=UNION, method="post", kwargs=_activity, allowed_answer=400),
    "activities:check_in": Rule(allowed=UNION, kwargs=_activity),
    "activities:tick": Rule(allowed=UNION, method="post", kwargs=_activity),
    "activities:attendance_csv": Rule(allowed=UNION, kwargs=_activity),
    # the union view: union staff see everything, officers their own organisation's figures
    "activities:statistics": Rule(allowed=ORGANISERS | {"training_officer"}),
    # the API: seafarers only (403 and a code for anyone else); a sign-up is its owner's
    "api:activity_list": Rule(allowed=SEAFARERS, refused=403),
    "api:activity_detail": Rule(allowed=SEAFARERS, refused=403, kwargs=_activity_id),
    "api:activity_sign_up": Rule(
        allowed=SEAFARERS, refused=403, method="post", kwargs=_activity_id
    ),
    "api:activity_my_sign_ups": Rule(allowed=SEAFARERS, refused=403),
    "api:activity_cancel_sign_up": Rule(
        allowed=frozenset({OWNER}),
        not_theirs=NOT_OWNER,
        refused=403,
        method="post",
        kwargs=_owners_signup_id,
    ),
    "api:activity_confirm": Rule(
        allowed=frozenset({OWNER}),
        not_theirs=NOT_OWNER,
        refused=403,
        method="post",
        kwargs=_owners_signup_id,
    ),
}
