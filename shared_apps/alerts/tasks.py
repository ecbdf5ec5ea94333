"""Alert residents about catalog entries new on the portal.

The task takes ids, reloads the entries and is idempotent: an `AlertSent` row per
(resident, tenant, entry key) is inserted with ON CONFLICT DO NOTHING in the same
transaction as the inbox entries, and only residents whose row is new are notified.
A second run, or two runs at once, notify nobody twice.
"""

from __future__ import annotations

from celery import shared_task
from django.db import connection, transaction

from config.translated import in_both_languages
from shared_apps.accounts.models import User
from shared_apps.alerts.models import AlertSent, AlertSubscription
from shared_apps.notifications.actions import notify
from shared_apps.portal.models import CatalogEntry
from shared_apps.vocabularies.models import Area, Category
from tenants.models import Tenant

# What residents are alerted about: things to take part in, not assemblies or meetings.
ALERT_KINDS = (
    CatalogEntry.Kind.PROCESS,
    CatalogEntry.Kind.CALL_FOR_IDEAS,
    CatalogEntry.Kind.VOTE,
    CatalogEntry.Kind.SURVEY,
)
# Residents per notify() call: one SELECT and one bulk INSERT each.
RECIPIENTS_PER_BATCH = 1000

# One statement finds every matching resident and claims their alert: areas and
# categories match by slug (the catalog stores slugs), tenants by id. Table names are
# the models' own, not input.
_CLAIM = f"""
INSERT INTO {AlertSent._meta.db_table} (user_id, tenant_id, entry_key, created)
SELECT DISTINCT s.user_id, %(tenant)s, %(key)s, now()
FROM {AlertSubscription._meta.db_table} s
JOIN {User._meta.db_table} u ON u.id = s.user_id AND u.is_active
LEFT JOIN {Area._meta.db_table} a ON a.id = s.area_id
LEFT JOIN {Category._meta.db_table} c ON c.id = s.category_id
WHERE s.tenant_id = %(tenant)s OR a.slug = ANY(%(areas)s) OR c.slug = ANY(%(categories)s)
ORDER BY s.user_id
ON CONFLICT (user_id, tenant_id, entry_key) DO NOTHING
RETURNING user_id
"""  # noqa: S608


@shared_task
def send_alerts(tenant_id: int, entry_ids: list[int]) -> int:
    """Notify every resident whose alerts match one of the entries, once per entry;
    return how many inbox entries were made. Ids only; idempotent (see the module)."""
    entries = (
        CatalogEntry.objects.filter(
            pk__in=entry_ids,
            tenant_id=tenant_id,
            kind__in=ALERT_KINDS,
            tenant__status=Tenant.Status.READY,
        )
        .select_related("tenant")
        .order_by("pk")
    )
    return sum(alert_entry(entry) for entry in entries)


def alert_entry(entry: CatalogEntry) -> int:
    """Claim and notify the entry's matching residents in one transaction: a fixed number
    of queries per RECIPIENTS_PER_BATCH residents, however many subscribe."""
    text_sv, text_en = in_both_languages(lambda: CatalogEntry.Kind(entry.kind).label)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                _CLAIM,
                {
                    "tenant": entry.tenant_id,
                    "key": entry.key,
                    "areas": list(entry.areas),
                    "categories": list(entry.categories),
                },
            )
            user_ids = [row[0] for row in cursor.fetchall()]
        created = 0
        for start in range(0, len(user_ids), RECIPIENTS_PER_BATCH):
            created += notify(
                "opened",
                title_sv=entry.title_sv,
                title_en=entry.title_en,
                text_sv=text_sv,
                text_en=text_en,
                path=entry.path,
                recipients=user_ids[start : start + RECIPIENTS_PER_BATCH],
                tenant=entry.tenant,
            )
    return created
