"""Publishing an answered thread to the knowledge base and taking it down again; the check for
identifying details stays in services_publish.py."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.inquiries.models import KnowledgeEntry, Question
from seafarers_home.inquiries.search import index_entry
from seafarers_home.inquiries.services_publish import (
    PURPOSE,
    PublishInvalid,
    _clean,
    publishable_error,
)
from seafarers_home.permissions.roles import require_clinician


def do_publish_question(
    question: Question,
    clinician: User,
    *,
    title: str,
    question_text: str,
    answer_text: str,
    request: HttpRequest | None = None,
) -> KnowledgeEntry:
    """Publish the de-identified texts as a knowledge-base entry (or republish the question's
    earlier, unpublished entry with the new texts). Raises ``NotAClinician`` or
    ``PublishInvalid``; nothing is stored then."""
    require_clinician(clinician)
    with transaction.atomic():
        locked = Question.objects.select_for_update().select_related("seafarer").get(pk=question.pk)
        reason = publishable_error(locked)
        if reason:
            raise PublishInvalid({"": [reason]})
        values = _clean(title, question_text, answer_text, locked)
        entry = KnowledgeEntry.objects.filter(question=locked).first()
        if entry is not None and entry.is_published:
            raise PublishInvalid({"": [_("这条留言已经发布过了。")]})
        entry = entry or KnowledgeEntry(question=locked)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.category = locked.category
        entry.published_by = clinician
        entry.published_at = timezone.now()
        entry.is_published = True
        entry.save()
        terms = index_entry(entry)
        record_audit(
            clinician,
            "inquiry.publish",
            target=entry,
            purpose=PURPOSE,
            request=request,
            detail={"question": locked.pk, "terms": terms},
        )
    return entry


def do_unpublish_entry(
    entry: KnowledgeEntry, clinician: User, request: HttpRequest | None = None
) -> KnowledgeEntry:
    """Take an entry off the public library (its index rows go too). Unpublishing an entry
    that is not published changes nothing."""
    require_clinician(clinician)
    with transaction.atomic():
        locked = KnowledgeEntry.objects.select_for_update().get(pk=entry.pk)
        if not locked.is_published:
            return locked
        locked.is_published = False
        locked.save(update_fields=["is_published", "updated_at"])
        locked.terms.all().delete()
        record_audit(
            clinician,
            "inquiry.unpublish",
            target=locked,
            purpose=PURPOSE,
            request=request,
            detail={"question": locked.question_id},
        )
    return locked
