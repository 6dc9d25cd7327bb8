# PLACEHOLDER: replaced by the accounts work package.
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


def login_password(request: HttpRequest) -> HttpResponse:
    return HttpResponse("login")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return HttpResponse("profile")


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("2fa")
