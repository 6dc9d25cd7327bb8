"""Bytes a seafarer pays to post a health question and to read a thread with 5 replies.

Runs Django in a child process against a throw-away SQLite database (a temporary VAR_DIR; your
own var/ is not touched), with the test personas (tests/personas.py) and 40 published
knowledge-base entries so that the ask page's "similar answered questions" has something to
show. Every request goes through the whole middleware stack with ``Accept-Encoding: gzip``
(Django's test client: no socket), so the body sizes are exactly what the server sends; the
header sizes are the response headers as Django writes them (the web server adds a few more,
~60 bytes: Date, Server).

Usage: .venv/bin/python bench/inquiry_pages.py
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_common import run_child, setup_django

BUDGET = 14 * 1024  # one TCP initial congestion window, 10 × 1460 bytes, rounded
TITLE = "出海以后晕船很厉害怎么办"
BODY = (
    "出海第三天开始晕船很厉害,吃不下饭,一直想吐,晚上也睡不好。船上药箱只有晕海宁,"
    "吃了以后好一点但是很困,白天还要值班。请问医生还有什么办法?要不要停药?"
)
REPLIES = [
    (
        "answer",
        "晕船在出海头几天很常见,大多数人三到五天后会适应。值班以外尽量躺在船的中部,"
        "闭眼或看远处的海平线,不要在船舱里看手机或看书。少量多次吃清淡的食物,如饼干、粥,"
        "小口喝水,避免油腻和酒。晕海宁(茶苯海明)要在症状出现前半小时吃,会让人困,值班前不要吃。",
    ),
    ("clarification", "请问您现在还在吐吗?一天能喝多少水?小便的颜色和次数和平时比怎么样?"),
    ("follow_up", "今天吐了两次,能喝两三瓶水,小便比平时少,颜色有点黄。"),
    (
        "answer",
        "您有些缺水,要继续小口多次喝水,可以在水里加一点盐和糖。如果一整天喝不下水、"
        "小便很少、头晕站不稳,请马上告诉船长,由船长联系无线电医疗咨询。",
    ),
    ("follow_up", "好的,谢谢医生,我会注意喝水,有变化再告诉您。"),
]


def _headers_size(response) -> int:
    lines = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
    lines += [f"{key}: {value}" for key, value in response.items()]
    lines += [c.output(header="Set-Cookie:") for c in response.cookies.values()]
    return len("\r\n".join(lines).encode()) + 4


def _row(label: str, response) -> tuple[int, int]:
    body = len(response.content)
    raw = len(gzip.decompress(response.content)) if response.get("Content-Encoding") else body
    head = _headers_size(response)
    encoding = response.get("Content-Encoding", "identity")
    verdict = ""
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        verdict = "PASS" if body <= BUDGET else "OVER"
    print(
        f"  {label:<44} {response.status_code}  body {body:6d} B ({encoding}, "
        f"{raw / 1024:5.1f} KB raw)  headers {head:4d} B  {verdict}"
    )
    return body, head


def child() -> None:
    setup_django()
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from seafarers_home.inquiries.models import KnowledgeEntry, Question, Reply
    from seafarers_home.inquiries.search import index_entry
    from tests.personas import build_world, give_health_consent, login

    world = build_world()
    give_health_consent(world.seafarer)
    for n in range(40):
        entry = KnowledgeEntry.objects.create(
            category="physical",
            title=f"{TITLE}({n})",
            question_text=BODY,
            answer_text=REPLIES[0][1],
            published_by=world.clinician,
            published_at=timezone.now(),
        )
        index_entry(entry)

    seafarer = login(Client(HTTP_ACCEPT_ENCODING="gzip"), world.seafarer)
    print("Posting a question (seafarer):")
    total = 0
    body, head = _row("GET  /inquiries/ask/", seafarer.get(reverse("inquiries:ask")))
    total += body + head
    body, head = _row(
        "GET  /inquiries/ask/?q=… (similar questions)",
        seafarer.get(reverse("inquiries:ask"), {"q": TITLE}),
    )
    form = {
        "key": "bench-1",
        "category": "physical",
        "title": TITLE,
        "body": BODY,
        "location": "at_sea",
        "medicine_chest": "晕海宁",
        "allow_publish": "1",
    }
    posted = seafarer.post(reverse("inquiries:ask"), form)
    request_body = len(urlencode(form).encode())
    body, head = _row("POST /inquiries/ask/ → 302", posted)
    total += body + head
    body, head = _row("GET  the redirect target (the new thread)", seafarer.get(posted["Location"]))
    total += body + head
    print(f"  upload: form body {request_body} B (urlencoded)")
    print(f"  download to post a question (ask page + POST + thread): {total} B")

    question = Question.objects.get(idempotency_key="bench-1")
    for kind, text in REPLIES:
        author = world.seafarer if kind == "follow_up" else world.clinician
        Reply.objects.create(question=question, author=author, kind=kind, body=text)
    print("Reading a thread with 5 replies:")
    _row(
        "GET  /inquiries/<pk>/ (seafarer)",
        seafarer.get(reverse("inquiries:thread", args=[question.pk])),
    )
    clinician = login(Client(HTTP_ACCEPT_ENCODING="gzip"), world.clinician)
    _row(
        "GET  /inquiries/staff/<pk>/ (clinician)",
        clinician.get(reverse("inquiries:staff_thread", args=[question.pk])),
    )
    print("Knowledge base (public):")
    anonymous = Client(HTTP_ACCEPT_ENCODING="gzip")
    _row("GET  /inquiries/knowledge/ (20 entries)", anonymous.get(reverse("inquiries:knowledge")))
    _row(
        "GET  /inquiries/knowledge/?q=晕船",
        anonymous.get(reverse("inquiries:knowledge"), {"q": "晕船"}),
    )
    entry = KnowledgeEntry.objects.first()
    _row(
        "GET  /inquiries/knowledge/<pk>/",
        anonymous.get(reverse("inquiries:knowledge_entry", args=[entry.pk])),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return 0
    # DEBUG stays on (no collectstatic needed); the HTML is the same as in production.
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    return run_child(Path(__file__).resolve(), [], None)


if __name__ == "__main__":
    raise SystemExit(main())
