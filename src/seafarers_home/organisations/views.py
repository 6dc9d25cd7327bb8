# PLACEHOLDER: replaced by the organisations work package.
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def company_crew(request: HttpRequest) -> HttpResponse:
    return HttpResponse("crew")
