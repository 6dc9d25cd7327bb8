"""What a page load writes: the INSERT, UPDATE and DELETE statements it runs (no GET writes,
issue 17 item 7)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def writes_during(load: Callable[[], HttpResponse], status: int = 200) -> list[str]:
    """The SQL writes of one page load. The page is loaded once first: a staff session notes
    its last request at most once a minute (accounts/idle.py), which is the session's write,
    not the page's."""
    load()
    with CaptureQueriesContext(connection) as captured:
        response = load()
    assert response.status_code == status, response.status_code
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(WRITES)
    ]
