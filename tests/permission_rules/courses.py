"""培训报名: everyone signed in browses the sessions; seafarers apply and see their own
applications (another seafarer gets 404 on OWNER's); the training officer manages their own
provider's courses, sessions and applicants; a document is for its applicant and the provider."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from seafarers_home.courses.actions.applying import do_apply
from seafarers_home.courses.models import CourseSession
from tests.courses.conftest import publish
from tests.permission_rules.base import OTHER_SEAFARER, OWNER, SEAFARERS, SIGNED_IN, Rule
from tests.personas import World

OFFICER = frozenset({"training_officer"})


def _session(world: World) -> CourseSession:
    return publish(world)


def _session_pk(world: World) -> dict[str, Any]:
    return {"pk": _session(world).pk}


def _course_pk(world: World) -> dict[str, Any]:
    return {"pk": _session(world).course_id}


def _application(world: World) -> dict[str, Any]:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(out, "JPEG")
    application = do_apply(world.consented_seafarer, _session(world), documents=[out.getvalue()])
    return {"pk": application.pk, "document_pk": application.documents.get().pk}


def _application_pk(world: World) -> dict[str, Any]:
    return {"pk": _application(world)["pk"]}


NOT_OWNER = frozenset({OTHER_SEAFARER, "seafarer"})

RULES = {
    "courses:list": Rule(allowed=SIGNED_IN),
    "courses:session": Rule(allowed=SIGNED_IN, kwargs=_session_pk),
    "courses:apply": Rule(allowed=SEAFARERS, method="post", kwargs=_session_pk),
    "courses:mine": Rule(allowed=SEAFARERS),
    "courses:withdraw": Rule(
        allowed=frozenset({OWNER}), method="post", kwargs=_application_pk, not_theirs=NOT_OWNER
    ),
    # the matrix's application is pending: confirming it is refused with a message (302)
    "courses:confirm": Rule(
        allowed=frozenset({OWNER}), method="post", kwargs=_application_pk, not_theirs=NOT_OWNER
    ),
    "courses:document": Rule(
        allowed=frozenset({OWNER, "training_officer"}), kwargs=_application, not_theirs=NOT_OWNER
    ),
    "courses:manage": Rule(allowed=OFFICER),
    "courses:course_new": Rule(allowed=OFFICER),
    "courses:session_new": Rule(allowed=OFFICER, kwargs=_course_pk),
    "courses:applicants": Rule(allowed=OFFICER, kwargs=_session_pk),
    "courses:decide": Rule(allowed=OFFICER, method="post", kwargs=_application_pk),
    "courses:attendance": Rule(allowed=OFFICER, method="post", kwargs=_application_pk),
}

RULES.update(
    {
        # the API: sessions for everyone signed in; applying and one's own for seafarers
        "api:course_sessions": Rule(allowed=SIGNED_IN),
        "api:course_session": Rule(
            allowed=SIGNED_IN, kwargs=lambda w: {"session_id": _session(w).pk}
        ),
        "api:course_apply": Rule(
            allowed=SEAFARERS,
            refused=403,
            method="post",
            kwargs=lambda w: {"session_id": _session(w).pk},
        ),
        "api:course_applications": Rule(allowed=SEAFARERS, refused=403),
        "api:course_withdraw": Rule(
            allowed=frozenset({OWNER}),
            not_theirs=NOT_OWNER,
            refused=403,
            method="post",
            kwargs=lambda w: {"application_id": _application(w)["pk"]},
        ),
        # the matrix's application is pending, not offered a seat: 409 refused
        "api:course_confirm": Rule(
            allowed=frozenset({OWNER}),
            not_theirs=NOT_OWNER,
            refused=403,
            method="post",
            kwargs=lambda w: {"application_id": _application(w)["pk"]},
            allowed_answer=409,
        ),
    }
)

# an empty reason is refused with the page (400) once the session is found
RULES["courses:session_cancel"] = Rule(
    allowed=OFFICER, method="post", kwargs=_session_pk, allowed_answer=400
)
