"""The demo city's verifications: a librarian who verifies in person, and residents who
have verified, so `make run` shows the identity features in use."""

from __future__ import annotations

from collections.abc import Callable

from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership, User
from shared_apps.identity.actions import grant_verification, residence_attributes
from shared_apps.identity.models import Verification
from shared_apps.identity.personal_number import parse_personal_number
from shared_apps.vocabularies.city import area_for_postal_code
from tenant_apps.verification.in_person import verify_in_person
from tenants.models import Tenant
from tenants.roles import grant_role

LIBRARIAN = "bibliotek@kultur.torget.example"


def seed_identity(
    account: Callable[..., User], resident: User, staff_setup: Callable[[User], object]
) -> list[str]:
    """Add what is missing (idempotent); return lines for the demo's account list.
    `staff_setup` prepares a staff account (the demo's two-factor authenticator)."""
    kultur = Tenant.objects.filter(slug="kultur").first()
    if kultur is None:
        return []
    librarian = account(LIBRARIAN, "Stadsbiblioteket (verifierar)")
    grant_role(kultur, librarian, Membership.Role.VERIFIER)
    staff_setup(librarian)
    if not Verification.objects.filter(user=resident, handler="postal_code").exists():
        code = area_for_postal_code("41463")
        assert code is not None
        grant_verification(
            resident,
            "postal_code",
            attributes=residence_attributes(code),
            self_declared=True,
        )
    assisted = account("bo@torget.example", "Bo Biblioteksbesökare")
    if not Verification.objects.filter(user=assisted, handler="in_person").exists():
        # A fictional number from Skatteverket's test series; never a real person.
        with schema_context(kultur.schema_name):
            verify_in_person(
                assisted,
                by=librarian,
                personal_number=parse_personal_number("194907012399"),
                postal_code=area_for_postal_code("42431"),
                evidence="id_card",
            )
    return [
        f"    verifier kultur   {LIBRARIAN}  (verifies residents at /manage/verify/)",
        "    resident verified in person   bo@torget.example",
    ]
