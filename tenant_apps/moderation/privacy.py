"""A deleted account's reports stay (the counts on the content must keep matching the
rows) but lose the reporter (generic step) and the text the person wrote (here)."""

from __future__ import annotations

from typing import Any

from shared_apps.privacy.registry import Scope, register
from tenant_apps.moderation.models import Report


def erase_report_details(user: Any) -> None:
    Report.objects.filter(reporter_id=user.pk).update(details="")


register("moderation.Report.details", Scope.TENANT, erase=erase_report_details)
