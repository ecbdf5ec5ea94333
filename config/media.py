"""Serve uploaded files in the default set-up, each only on its own tenant's hosts.

Names start with the schema of the tenant that uploaded them (config/storage.py); a
host serves its own files and the platform's shared ("public/") ones, and answers 404
for any other tenant's. In production the object store serves files instead.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.static import serve


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    tenant = getattr(request, "tenant", None)
    prefix = path.split("/", 1)[0]
    allowed = {"public"} | ({tenant.schema_name} if tenant is not None else set())
    if prefix not in allowed:
        raise Http404
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))
