"""What debates write elsewhere: the inbox hears of a conclusion, the city-wide search
holds published debates, "my participation" holds arguments while residents can see them,
and moderators report and hide arguments as any comments."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.notifications.actions import follow
from shared_apps.notifications.models import Notification
from shared_apps.participation.models import Participation
from shared_apps.search.models import SearchDocument
from tenant_apps.comments.actions import post_comment
from tenant_apps.comments.models import Comment
from tenant_apps.debates.actions import (
    close_debate,
    delete_debate,
    save_debate,
    set_published,
)
from tenant_apps.debates.events import CONCLUDED_EVENT
from tenant_apps.moderation.actions import hide, report, unhide
from tenant_apps.moderation.models import ModerationSettings
from tests.conftest import host_of, make_user, sign_in
from tests.debates.factories import make_debate, make_debates_component

pytestmark = pytest.mark.django_db

TEXTS = {
    "title_sv": "Ska badet ha öppet på natten?",
    "title_en": "Should the pool open at night?",
    "background_sv": "Nattbad i **Frölunda**.",
    "background_en": "Night swimming in Frölunda.",
    "opens_at": None,
    "closes_at": None,
}


def test_followers_and_arguers_hear_of_the_conclusion_once(tenant_a, bob, alice):
    follower = make_user("f@example.org", "Frida Följare")
    bystander = make_user("b@example.org", "Bo Bredvid")
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component())
        follow(follower, debate.follow_key, title_sv=debate.title_sv, path="/x/")
        # Alice argues and follows: one entry, not two.
        post_comment(alice, debate.component, "debate", debate.pk, body="Ja!", alignment=1)
        follow(alice, debate.follow_key, title_sv=debate.title_sv, path="/x/")
        comments_before = Notification.objects.filter(event="comment").count()
        close_debate(bob, debate, conclusion_sv="Vi öppnar.", conclusion_en="We open.")
    entries = Notification.objects.filter(event=CONCLUDED_EVENT)
    assert sorted(entries.values_list("user__email", flat=True)) == [
        "alice@example.org", "f@example.org"
    ]  # fmt: skip
    entry = entries.get(user=follower)
    assert (entry.title_en, entry.text_sv, entry.text_en) == (
        "Should the library open on Sundays?", "Vi öppnar.", "We open."
    )  # fmt: skip
    assert entry.path == debate.get_absolute_url()
    assert not Notification.objects.filter(user__in=[bob, bystander], event=CONCLUDED_EVENT)
    assert Notification.objects.filter(event="comment").count() == comments_before


def test_the_follow_button_works_for_a_debate_and_not_for_a_draft(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        debate = make_debate(component)
        draft = make_debate(component, published=False)
    sign_in(client, alice)
    host = host_of(tenant_a)
    response = client.post(
        "/follow/", {"key": debate.follow_key, "next": "/", "follow": "1"}, HTTP_HOST=host
    )
    assert response.status_code == 302
    response = client.post(
        "/follow/", {"key": draft.follow_key, "next": "/", "follow": "1"}, HTTP_HOST=host
    )
    assert response.status_code == 404


def test_search_holds_published_debates_with_their_conclusion(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        debate = save_debate(bob, component, None, TEXTS)
        assert not SearchDocument.objects.filter(key=f"debate:{debate.pk}").exists()
        set_published(bob, debate, True)
        document = SearchDocument.objects.get(tenant=tenant_a, key=f"debate:{debate.pk}")
        assert document.kind == "debate"
        assert document.title_en == "Should the pool open at night?"
        assert "Frölunda" in document.body_sv and "**" not in document.body_sv
        close_debate(bob, debate, conclusion_sv="Nattbad varje fredag.")
        # put_document replaces the row.
        document = SearchDocument.objects.get(tenant=tenant_a, key=f"debate:{debate.pk}")
        assert "Nattbad varje fredag." in document.body_sv
        set_published(bob, debate, False)
        assert not SearchDocument.objects.filter(key=f"debate:{debate.pk}").exists()
        set_published(bob, debate, True)
        delete_debate(bob, debate)
        assert not SearchDocument.objects.filter(key=f"debate:{debate.pk}").exists()


def test_arguments_are_in_my_participation_while_residents_can_see_them(tenant_a, bob, alice):
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        debate = save_debate(bob, component, None, TEXTS)
        set_published(bob, debate, True)
        argument = post_comment(alice, component, "debate", debate.pk, body="Ja!", alignment=1)
        rows = Participation.objects.filter(user=alice)
        # Comments write the row (kind "comment"); debates add none of their own.
        row = rows.get()
        assert (row.kind, row.key) == ("comment", f"comment:{argument.pk}")
        assert (row.title_sv, row.title_en) == (TEXTS["title_sv"], TEXTS["title_en"])
        assert row.path == f"{debate.get_absolute_url()}#comment-{argument.pk}"
        set_published(bob, debate, False)
        assert not rows.exists()
        set_published(bob, debate, True)
        assert rows.get().key == f"comment:{argument.pk}"
        hide(bob, "comment", argument, reason="Personangrepp.")
        assert not rows.exists()
        argument.refresh_from_db()
        unhide(bob, "comment", argument)
        assert rows.count() == 1


def test_residents_report_arguments_and_enough_reports_hide_them(tenant_a, alice):
    reporters = [make_user(f"r{n}@example.org", f"R {n}") for n in range(2)]
    with schema_context(tenant_a.schema_name):
        ModerationSettings.objects.update_or_create(pk=1, defaults={"hide_after_reports": 2})
        debate = make_debate(make_debates_component())
        argument = post_comment(
            alice, debate.component, "debate", debate.pk, body="Köp billiga klockor", alignment=0
        )
        for reporter in reporters:
            report(reporter, "comment", argument, reason="spam")
        argument.refresh_from_db()
        assert argument.hidden
    host = host_of(tenant_a)
    reporter = Client()
    reporter.cookies["django_language"] = "en"
    sign_in(reporter, make_user("r9@example.org", "R 9"))
    body = reporter.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "Köp billiga klockor" not in body
    assert "Hidden pending review" in body
    # A hidden argument does not count.
    assert "Arguments: 0 in favour, 0 against, 0 neutral" in body
    # The moderators' queue lists it with the debate's page as its place.
    with schema_context(tenant_a.schema_name):
        assert Comment.objects.get().reports_count == 2
        from tenant_apps.comments.registry import target_url

        assert target_url(argument) == debate.get_absolute_url()
