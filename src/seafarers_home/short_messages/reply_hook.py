"""A clinician's answer to a question that came by short message goes back as a short message:
a notice that the answer is there (the answer itself may hold health details and a bridge
terminal is shared), through the terminal the question came from while it is still bound to
the asker. A receiver of ``post_save`` on the message board's ``Reply``, connected from
ShortMessagesConfig.ready(), so the message board imports nothing of this channel; it runs in
the reply's own transaction, and the message goes out after its commit."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from seafarers_home.inquiries.models import Reply
from seafarers_home.short_messages import replies
from seafarers_home.short_messages.models import InboundMessage, Terminal
from seafarers_home.short_messages.senders import store_outbound

CLINICIAN_KINDS = (Reply.Kind.ANSWER, Reply.Kind.CLARIFICATION)


def send_reply_notice(sender: Any, instance: Reply, created: bool, **kwargs: Any) -> None:
    if not created or instance.kind not in CLINICIAN_KINDS:
        return
    asked = (
        InboundMessage.objects.filter(question_id=instance.question_id)
        .select_related("terminal__seafarer")
        .first()
    )
    terminal = asked.terminal if asked is not None else None
    if (
        terminal is None
        or terminal.status != Terminal.Status.BOUND
        or terminal.seafarer_id != instance.question.seafarer_id
    ):
        return
    store_outbound(
        terminal.gateway,
        terminal.address,
        replies.render(terminal.seafarer.preferred_language, (replies.INQUIRY_REPLY, {})),
        kind="inquiry_reply",
        dedupe_key=f"inquiry_reply:{instance.pk}",
        seafarer=terminal.seafarer,
    )


def connect() -> None:
    post_save.connect(send_reply_notice, sender=Reply, dispatch_uid="short_messages.reply_notice")
