"""The ops API on the portal host (/api/ops/v1/): onboard a tenant and follow the job,
list tenants. Authenticated by a bearer token of a platform operator only (no session,
so no CSRF): `Authorization: Bearer <token>` from `manage.py ops_token create`.

    POST /api/ops/v1/tenants/   {"slug", "name_sv", "name_en", "kind", "admin_email",
                                 "domain"?, "primary_color"?}  → 202 and the job
    GET  /api/ops/v1/jobs/ID/   → the job: status, progress, step, error, tenant
    GET  /api/ops/v1/tenants/   → every tenant with status and domains
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from rest_framework import status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from tenants import audit
from tenants.models import OpsApiToken, ProvisioningJob, Tenant
from tenants.onboarding import OnboardingRefused, request_onboarding, step_label
from tenants.ops import is_platform_operator

TOKEN_PREFIX = "torget_ops_"  # noqa: S105 - a prefix that makes leaked tokens easy to spot
ONBOARDING_FIELDS = (
    "slug",
    "name_sv",
    "name_en",
    "kind",
    "admin_email",
    "domain",
    "primary_color",
)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: Any, name: str) -> tuple[OpsApiToken, str]:
    """Make a token for a platform operator; return it and the secret (shown once)."""
    if not is_platform_operator(user):
        raise ValueError(f"{user.email} is not a platform operator (is_staff)")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = OpsApiToken.objects.create(user=user, name=name, key_hash=hash_token(secret))
    audit.record("ops_token.created", by=user, token=token.pk, name=name)
    return token, secret


class OpsTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Any, OpsApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Give the header as: Authorization: Bearer <token>")
        secret = parts[1].decode(errors="replace")
        token = (
            OpsApiToken.objects.filter(key_hash=hash_token(secret), revoked__isnull=True)
            .select_related("user")
            .first()
        )
        if token is None or not token.user.is_active or not is_platform_operator(token.user):
            raise AuthenticationFailed("The token is unknown, revoked, or not an operator's.")
        OpsApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"


class IsPlatformOperator(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return is_platform_operator(request.user)


class OpsThrottle(UserRateThrottle):
    rate = "120/min"


class _OpsView(APIView):
    authentication_classes = [OpsTokenAuthentication]
    permission_classes = [IsPlatformOperator]
    throttle_classes = [OpsThrottle]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        tenant = getattr(request, "tenant", None)
        if tenant is None or not tenant.is_public:
            raise Http404
        super().initial(request, *args, **kwargs)


def job_data(job: ProvisioningJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "url": reverse("ops_api:job", kwargs={"job_id": job.pk}),
        "slug": job.slug,
        "channel": job.channel,
        "status": job.status,
        "progress": job.progress,
        "step": job.step,
        "step_label": step_label(job),
        "error": job.error,
        "tenant": job.tenant.slug if job.tenant_id and job.tenant else None,
        "created": job.created.isoformat(),
        "finished": job.finished.isoformat() if job.finished else None,
    }


class TenantsView(_OpsView):
    def get(self, request: Request) -> Response:
        tenants = Tenant.objects.exclude(schema_name="public").prefetch_related("domains")
        return Response(
            {
                "results": [
                    {
                        "slug": tenant.slug,
                        "name_sv": tenant.name_sv,
                        "name_en": tenant.name_en,
                        "kind": tenant.kind,
                        "status": tenant.status,
                        "domains": [domain.domain for domain in tenant.domains.all()],
                        "created": tenant.created.isoformat(),
                    }
                    for tenant in tenants
                ]
            }
        )

    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            return Response(
                {"errors": {"body": ["Send a JSON object."]}}, status=status.HTTP_400_BAD_REQUEST
            )
        unknown = sorted(set(request.data) - set(ONBOARDING_FIELDS))
        if unknown:
            return Response(
                {
                    "errors": {
                        name: [f"Unknown field; allowed: {', '.join(ONBOARDING_FIELDS)}."]
                        for name in unknown
                    }
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        data = {name: request.data.get(name, "") for name in ONBOARDING_FIELDS}
        try:
            job = request_onboarding(data, by=request.user, channel="api")
        except OnboardingRefused as refused:
            return Response({"errors": refused.errors}, status=status.HTTP_400_BAD_REQUEST)
        body = job_data(job)
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class JobView(_OpsView):
    def get(self, request: Request, job_id: int) -> Response:
        job = ProvisioningJob.objects.select_related("tenant").filter(pk=job_id).first()
        if job is None:
            raise Http404
        return Response(job_data(job))
