"""e-ID over OpenID Connect: the start of the flow and the provider's callback."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def start(request: HttpRequest) -> HttpResponse:
    raise Http404


def callback(request: HttpRequest) -> HttpResponse:
    raise Http404
