"""Serve uploaded files, each only on its own tenant's hosts.

Names start with the schema of the tenant that uploaded them (config/storage.py); a
host serves its own files and the platform's shared ("public/") ones, and answers 404
for any other tenant's. By default Django sends the file itself. Behind nginx
(MEDIA_ACCEL_REDIRECT set) Django makes the same check and answers with an
X-Accel-Redirect header naming an internal nginx location, and nginx sends the file.
With an object store in production the store serves files instead.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.static import serve


def _clean(path: str) -> str:
    """Return the path with "." and ".." resolved, or raise 404 if it leaves MEDIA_ROOT.

    The tenant check reads the first segment, so it must see the path that will be
    opened: "public/../t_other/x" names another tenant's file.
    """
    cleaned = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    if cleaned in {"", "."} or cleaned == ".." or cleaned.startswith("../"):
        raise Http404
    return cleaned


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    path = _clean(path)
    tenant = getattr(request, "tenant", None)
    prefix = path.split("/", 1)[0]
    allowed = {"public"} | ({tenant.schema_name} if tenant is not None else set())
    if prefix not in allowed:
        raise Http404
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse()
        # nginx picks the content type from the file name; an empty one here lets it.
        del response["Content-Type"]
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(path)
        return response
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))
