from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from tenants.models import Tenant
from tests.conftest import tenant_for_module


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    """Tenant A, onboarded once for the module (see tests.conftest.tenant_for_module)."""
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield
