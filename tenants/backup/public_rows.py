"""The public-schema rows that belong to a tenant and cannot be rebuilt from its schema.

What is kept (public.json in an archive):

- the tenant row and its domains (also in the manifest);
- staff roles (Membership), by the account's e-mail address and role, because account
  ids may differ where the archive is restored;
- the tenant's own terms (TenantTerms);
- residents' rows about the tenant: terms acceptances, follows, inbox entries, alert
  subscriptions and the alerts already sent. These come back only when the tenant is
  restored under its own slug; a copy (`--as`) must not write to residents' inboxes,
  send them alerts or claim they accepted its terms.

What is not kept, because it is rebuilt after a restore from the schema itself: the
portal catalog, the search documents, the participation index. Open-data archives are
rebuilt by their nightly job. Verifications, provisioning jobs, platform events and
tenant exports belong to people or to operations and outlive the tenant anyway.

Rows are read with queries compiled by the ORM (`sql_with_params`) but run on the
backup's snapshot connection, so they match the schema dump exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from django.apps import apps
from django.db import connection, models

from shared_apps.accounts.models import User


@dataclass(frozen=True)
class PublicTable:
    """One kind of public row kept in public.json."""

    key: str
    model: str
    fields: tuple[str, ...]
    # Rows of one account each, named by its e-mail address.
    by_user: bool = True
    # Residents' rows: restored only under the tenant's own slug.
    residents: bool = True

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


TABLES = (
    PublicTable("memberships", "accounts.Membership", ("role", "created"), residents=False),
    PublicTable(
        "terms",
        "privacy.TenantTerms",
        ("text_sv", "text_en", "version", "modified"),
        by_user=False,
        residents=False,
    ),
    PublicTable("terms_acceptances", "privacy.TermsAcceptance", ("version", "accepted_at")),
    PublicTable(
        "follows", "notifications.Follow", ("key", "title_sv", "title_en", "path", "created")
    ),
    PublicTable(
        "notifications",
        "notifications.Notification",
        (
            "event",
            "title_sv",
            "title_en",
            "text_sv",
            "text_en",
            "path",
            "created",
            "read_at",
            "emailed_at",
        ),
    ),
    PublicTable("alert_subscriptions", "alerts.AlertSubscription", ("created",)),
    PublicTable("alerts_sent", "alerts.AlertSent", ("entry_key", "created")),
)

TENANT_FIELDS = (
    "slug",
    "schema_name",
    "name_sv",
    "name_en",
    "kind",
    "status",
    "logo",
    "primary_color",
    "contact_email",
    "created",
    "modified",
)


def _values(conn: psycopg.Connection[Any], queryset: models.QuerySet[Any], *fields: str) -> Any:
    # values_list keeps the order of `fields`; the column names of compiled SQL do not
    # always match the field names (user__email), so they are put back here.
    query, params = queryset.values_list(*fields).query.sql_with_params()
    return [dict(zip(fields, row, strict=True)) for row in conn.execute(query, params)]


def collect(conn: psycopg.Connection[Any], tenant_pk: int) -> dict[str, Any]:
    """Return the tenant's public rows (see the module docstring), read on `conn`."""
    from tenants.models import Domain, Tenant

    tenant = _values(conn, Tenant.objects.filter(pk=tenant_pk), "pk", *TENANT_FIELDS)
    if not tenant:
        raise LookupError(f"no tenant with id {tenant_pk}")
    data: dict[str, Any] = {
        "tenant": tenant[0],
        "domains": _values(
            conn,
            Domain.objects.filter(tenant_id=tenant_pk).order_by("domain"),
            "domain",
            "is_primary",
        ),
    }
    for table in TABLES:
        queryset = table.model_class._default_manager.filter(tenant_id=tenant_pk).order_by("pk")
        fields = (("user__email",) if table.by_user else ()) + table.fields
        data[table.key] = _values(conn, queryset, *fields)
    return data


@dataclass
class Restored:
    """What restoring the public rows did, per kind: rows written and rows left out."""

    written: dict[str, int]
    skipped_users: dict[str, list[str]]
    not_copied: list[str]


def restore(data: dict[str, Any], tenant: Any, *, as_copy: bool) -> Restored:
    """Write the archived public rows for `tenant` (already saved) on Django's
    connection; call inside the restore's transaction.

    Rows of accounts that do not exist here are left out and reported by e-mail address.
    Timestamps are written as archived (auto_now fields would overwrite them, so the
    rows are inserted in SQL).
    """
    emails = {
        row["user__email"].lower()
        for table in TABLES
        if table.by_user
        for row in data.get(table.key, [])
        if row.get("user__email")
    }
    user_ids = {
        email.lower(): pk
        for pk, email in User.objects.filter(email__in=list(emails)).values_list("pk", "email")
    }
    if len(user_ids) < len(emails):
        # Addresses are stored as typed; match the rest without regard to case.
        for pk, email in User.objects.exclude(pk__in=user_ids.values()).values_list("pk", "email"):
            if email.lower() in emails:
                user_ids.setdefault(email.lower(), pk)
    result = Restored(written={}, skipped_users={}, not_copied=[])
    for table in TABLES:
        rows = data.get(table.key, [])
        if as_copy and table.residents:
            if rows:
                result.not_copied.append(f"{table.key} ({len(rows)})")
            continue
        model = table.model_class
        columns = ["tenant_id"] + (["user_id"] if table.by_user else [])
        columns += [
            str(getattr(model._meta.get_field(name), "column", name)) for name in table.fields
        ]
        values = []
        for row in rows:
            prefix: list[Any] = [tenant.pk]
            if table.by_user:
                user_id = user_ids.get((row.get("user__email") or "").lower())
                if user_id is None:
                    result.skipped_users.setdefault(table.key, []).append(row.get("user__email"))
                    continue
                prefix.append(user_id)
            values.append(prefix + [row[name] for name in table.fields])
        if values:
            placeholders = ", ".join(["%s"] * len(columns))
            column_list = ", ".join(connection.ops.quote_name(column) for column in columns)
            table_name = connection.ops.quote_name(model._meta.db_table)
            # Table and column names come from the models; the values are parameters.
            insert = f"INSERT INTO public.{table_name} ({column_list}) VALUES ({placeholders})"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.executemany(insert, values)
        result.written[table.key] = len(values)
    return result
