"""Which tenant a host name routes to, remembered for a moment in each process.

Every request starts by finding its tenant. Reading the Domain row each time costs two
statements (the search path set to public, then the select) on every page; instead each
process keeps the answer for `HOST_CACHE_SECONDS`. A change to a tenant or a domain
(`save()`, `delete()` or a queryset `update()`/`delete()`) forgets every remembered host
in the process that made it at once; other processes see it within the same few seconds,
so a suspension or a new domain takes effect everywhere within that time.
"""

from __future__ import annotations

import copy
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenants.models import Tenant

HOST_CACHE_SECONDS = 2.0
# Unknown hosts are remembered too (a scan of made-up host names costs one query each,
# once); the table is emptied when it grows past this.
MAX_HOSTS = 10_000

clock = time.monotonic
# host name -> (valid until, on clock(); the tenant, or None for no such host)
_hosts: dict[str, tuple[float, Tenant | None]] = {}


def tenant_for_host(hostname: str) -> Tenant | None:
    """Return the tenant that `hostname` routes to (a copy of its own), or None."""
    now = clock()
    remembered = _hosts.get(hostname)
    if remembered is None or remembered[0] <= now:
        from tenants.models import Domain

        domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
        if len(_hosts) >= MAX_HOSTS:
            _hosts.clear()
        remembered = (now + HOST_CACHE_SECONDS, domain.tenant if domain else None)
        _hosts[hostname] = remembered
    # A copy per request: views may set attributes on request.tenant.
    return copy.copy(remembered[1])


def forget_hosts(*_args: object, **_kwargs: object) -> None:
    """Forget every remembered host (a tenant or a domain changed); a signal receiver."""
    _hosts.clear()
