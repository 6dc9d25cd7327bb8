"""Refuse, with a translated answer, request input that would otherwise end in a server error.

Every request passes here before any view reads it:

- a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (file parts of an upload excepted: the views
  limit those) or with too many fields → 413 / 400;
- a NUL character in the path, the query string, a form field (name or value) or a JSON
  string posted outside the API (the webhook) → 400 for pages, 422 for the API and JSON
  (PostgreSQL refuses NUL in text, so one NUL in a question title was a 500). The API's
  JSON bodies are checked by their schemas instead (``core.inputs.Text``).

Pages get the 400 page with the reason; the API gets JSON in its own shapes (``{"detail",
"code"}``, or the field list of a validation error with the field's location).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from seafarers_home.core.inputs import has_nul, nul_message

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _is_api(request: HttpRequest) -> bool:
    # The API, and machines posting JSON elsewhere (the phone system's webhook), read JSON.
    return request.path_info.startswith("/api/") or request.content_type == "application/json"


def _refuse(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": message, "code": code}, status=status)
    return render(request, "400.html", {"reason": message}, status=status)


def _nul_in_json(value: Any, path: list[Any]) -> Iterator[list[Any]]:
    if isinstance(value, str):
        if has_nul(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if has_nul(str(key)):
                yield [*path, key]
            yield from _nul_in_json(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_in_json(item, [*path, index])


def _nul_locations(request: HttpRequest) -> list[list[Any]]:
    found: list[list[Any]] = []
    if has_nul(request.path_info):
        found.append(["path"])
    for where, data in (("query", request.GET), ("form", request.POST)):
        for key, values in data.lists():
            if has_nul(key) or any(has_nul(v) for v in values):
                found.append([where, key])
    for key, uploads in request.FILES.lists():
        if any(has_nul(upload.name or "") for upload in uploads):
            found.append(["file", key])
    # The API's JSON is checked field by field by its schemas (``core.inputs.Text``), which
    # publish the rule; an undeclared property is ignored there, so it may hold anything.
    if (
        request.method in BODY_METHODS
        and request.content_type == "application/json"
        and not request.path_info.startswith("/api/")
    ):
        try:
            document = json.loads(request.body or b"null")
        except ValueError:  # the API answers malformed JSON itself (422)
            document = None
        found += [["body", *p] for p in _nul_in_json(document, [])]
    return found


def _read_whole(request: HttpRequest) -> bool:
    """Whether to read the body into memory: everything but an upload over the size limit,
    whose files Django streams to disk (the views bound them)."""
    if not (request.content_type or "").startswith("multipart/"):
        return True
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit is None or length <= limit


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            if request.method in BODY_METHODS and _read_whole(request):
                # Read now: its size is checked here, and a view may still read request.body
                # after the form fields below were looked at.
                request.body  # noqa: B018
            locations = _nul_locations(request)
        except RequestDataTooBig:
            return _refuse(
                request, 413, "too_large", _("提交的内容太大,请缩短后重试(附件请分开上传)。")
            )
        except (TooManyFieldsSent, TooManyFilesSent):
            return _refuse(request, 400, "too_many_fields", _("提交的字段或文件太多。"))
        except (MultiPartParserError, UnreadablePostError):
            return _refuse(
                request, 400, "bad_request", _("提交的内容不完整或格式不正确,请重新提交。")
            )
        if not locations:
            return self.get_response(request)
        if _is_api(request):
            message = nul_message()
            detail = [{"type": "nul_character", "loc": loc, "msg": message} for loc in locations]
            return JsonResponse({"detail": detail}, status=422)
        return _refuse(request, 400, "nul_character", nul_message())
