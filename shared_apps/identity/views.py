"""(Portal) The resident's verifications, and the self-declared postal code."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def verification_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def postal_code(request: HttpRequest) -> HttpResponse:
    raise Http404
