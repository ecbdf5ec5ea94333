"""Residents' e-proposal pages on the portal."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shared_apps.eproposals.access import get_public_eproposal


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    eproposal = get_public_eproposal(request.user, pk)
    return render(request, "eproposals/eproposal_detail.html", {"eproposal": eproposal})
