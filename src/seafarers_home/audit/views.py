# PLACEHOLDER: replaced by the audit work package.
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("audit")
