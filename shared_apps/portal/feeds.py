"""Atom feeds of the portal: entries new on the portal, and what is open now."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from shared_apps.portal.listing import with_tenant
from shared_apps.portal.models import CatalogEntry
from tenants.links import tenant_url

FEED_LIMIT = 50


class _CatalogFeed(Feed):
    """Common parts: the entry's text in the visitor's language and its tenant link."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpRequest:
        # The feed's "object" is the request: links go to each tenant's own host.
        return request

    def item_title(self, item: CatalogEntry) -> str:
        return f"{item.title} ({item.tenant.name})"

    def item_description(self, item: CatalogEntry) -> str:
        return str(item.summary)

    def item_link(self, item: CatalogEntry) -> str:
        return item.absolute_url  # type: ignore[attr-defined]

    def items(self, obj: HttpRequest) -> list[CatalogEntry]:
        # Links are made here, per request (the Feed instance is shared between threads).
        rows = list(self.entries())
        for row in rows:
            row.absolute_url = tenant_url(obj, row.tenant, row.path)
        return rows

    def entries(self) -> Any:
        raise NotImplementedError

    def item_guid(self, item: CatalogEntry) -> str:
        # Entry ids are stable across catalog syncs, so a feed reader sees one item.
        return f"tag:torget,2026:catalog/{item.pk}"

    def item_guid_is_permalink(self, item: CatalogEntry) -> bool:
        return False

    def item_pubdate(self, item: CatalogEntry) -> datetime:
        return item.created

    def item_updateddate(self, item: CatalogEntry) -> datetime:
        return item.modified

    def item_categories(self, item: CatalogEntry) -> list[str]:
        return [item.get_kind_display(), *item.areas, *item.categories]


class NewEntriesFeed(_CatalogFeed):
    """The latest entries to reach the portal (newly published processes, votes, …)."""

    def title(self) -> str:
        return _("New on Torget")

    def link(self) -> str:
        return "/processes/?sort=newest"

    def subtitle(self) -> str:
        return _("Processes, votes, calls for ideas and meetings as they are published.")

    def entries(self) -> Any:
        return with_tenant(CatalogEntry.objects.visible()).order_by("-created", "-id")[:FEED_LIMIT]


class OpenEntriesFeed(_CatalogFeed):
    """What residents can take part in now, the soonest to close first."""

    def title(self) -> str:
        return _("Open now on Torget")

    def link(self) -> str:
        return "/processes/?status=active&sort=ending"

    def subtitle(self) -> str:
        return _("Everything open for participation now, closing soonest first.")

    def entries(self) -> Any:
        today = timezone.localdate()
        return (
            with_tenant(CatalogEntry.objects.visible())
            .active(today)
            .exclude(kind=CatalogEntry.Kind.ASSEMBLY)
            .order_by(F("ends").asc(nulls_last=True), "id")[:FEED_LIMIT]
        )
