"""Rows that tie a resident to a tenant, made explicitly by the privacy tests."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django_tenants.utils import schema_context

from tenant_apps.actionlog.actions import log_action
from tenant_apps.news.models import Post
from tenant_apps.spaces.models import Assembly, AssemblyMember
from tenants.models import Tenant
from tests.spaces.factories import make_component, make_process


def make_footprint(tenant: Tenant, user: Any, slug: str = "parken") -> SimpleNamespace:
    """In the tenant's schema: an action-log row by `user`, a news post they wrote and an
    assembly seat linked to their account."""
    with schema_context(tenant.schema_name):
        process = make_process(slug, published=True)
        news = make_component(process, "news")
        post = Post.objects.create(
            component=news,
            title_sv=f"Nyhet i {tenant.slug}",
            body_sv="<p>Skriven av en invånare.</p>",
            author=user,
        )
        action = log_action(user, "news.post_added", target=slug, title=post.title_sv)
        assembly = Assembly.objects.create(
            slug=f"rad-{slug}", title_sv="Rådet", purpose_sv="Att ge råd."
        )
        member = AssemblyMember.objects.create(assembly=assembly, name="Ledamot", user=user)
    return SimpleNamespace(post=post, action=action, member=member)
