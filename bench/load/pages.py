"""What the load test and the submission-path bench read from the pages they fill in: the form
fields a person sends back (CSRF token, idempotency key, the questionnaire's radios) and the
links a clinician follows. One set of patterns for ``locustfile.py``, ``accounts.py`` and
``bench/submission_path.py`` (no Locust import, so the latter can use it too)."""

from __future__ import annotations

import re

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="key" value="([^"]+)"')
REPLACES = re.compile(r'name="replaces" value="([^"]*)"')
QUESTIONNAIRE = re.compile(r'<form class="stack" method="post" action="(/screening/\d+/[\w-]+/)"')
RADIO = re.compile(r'type="radio" name="([^"]+)" value="([^"]+)"')
CATEGORY = re.compile(r'<select id="category" name="category"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]+)"')
THREAD = re.compile(r'href="(/inquiries/staff/\d+/)"')
REVIEW = re.compile(r'href="(/screening/review/\d+/)"')
