# PLACEHOLDER: replaced by the consent work package.
from django.http import HttpRequest, HttpResponse


def privacy(request: HttpRequest) -> HttpResponse:
    return HttpResponse("privacy")
