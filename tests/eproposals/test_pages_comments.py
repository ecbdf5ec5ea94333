"""Comments on an e-proposal's page: post, reply, delete one's own, report; hidden and
deleted ones said as such; refusals keep the text."""

from __future__ import annotations

import pytest

from shared_apps.eproposals.models import Comment, CommentReport, EProposal
from tests.conftest import make_user
from tests.eproposals.factories import make_eproposal
from tests.eproposals.pages import get, post, text

pytestmark = pytest.mark.django_db
S = EProposal.Status


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_resident_comments_and_replies_with_a_position(client, portal, alice, language):
    eproposal = make_eproposal()
    client.force_login(alice)
    url = f"/e-proposals/{eproposal.pk}/comments/"
    response = post(client, url, {"body": "Bra idé!", "alignment": "1"}, language)
    comment = Comment.objects.get()
    assert response["Location"] == f"/e-proposals/{eproposal.pk}/#comment-{comment.pk}"
    assert comment.alignment == 1
    reply = post(client, url, {"body": "Håller med", "alignment": "0", "parent": comment.pk})
    assert reply.status_code == 302
    assert Comment.objects.get(parent=comment).body == "Håller med"
    body = text(get(client, f"/e-proposals/{eproposal.pk}/", language))
    assert "Bra idé!" in body
    assert ("In favour" if language == "en" else "Håller med") in body
    assert body.index("Bra idé!") < body.index("Håller med")


def test_an_empty_comment_is_refused_with_the_page_and_nothing_written(client, portal, alice):
    eproposal = make_eproposal()
    Comment.objects.create(eproposal=eproposal, author=alice, body="Första")
    client.force_login(alice)
    response = post(
        client, f"/e-proposals/{eproposal.pk}/comments/", {"body": "   ", "alignment": "-1"}, "en"
    )
    assert response.status_code == 400
    assert "This cannot be empty." in text(response)
    bad_position = post(
        client,
        f"/e-proposals/{eproposal.pk}/comments/",
        {"body": "Min text", "alignment": "7"},
        "en",
    )
    assert "Choose a position." in text(bad_position)
    assert "Min text" in text(bad_position)
    assert Comment.objects.count() == 1


def test_deleted_and_hidden_comments_are_said_as_such(client, portal, alice):
    eproposal = make_eproposal()
    mine = Comment.objects.create(eproposal=eproposal, author=alice, body="Ångrar mig")
    Comment.objects.create(
        eproposal=eproposal, author=alice, body="Elakt", hidden=True, hidden_reason="Personangrepp"
    )
    client.force_login(alice)
    post(client, f"/e-proposals/{eproposal.pk}/comments/{mine.pk}/delete/")
    body = text(get(client, f"/e-proposals/{eproposal.pk}/", "en"))
    assert "Comment deleted" in body
    assert "Ångrar mig" not in body
    assert "Hidden by the moderators: Personangrepp" in body
    assert "Elakt" not in body


def test_one_cannot_delete_someone_elses_comment_but_can_report_it_once(client, portal, alice):
    eproposal = make_eproposal()
    theirs = Comment.objects.create(
        eproposal=eproposal, author=make_user("dan@example.org", "Dan"), body="Hmm"
    )
    client.force_login(alice)
    base = f"/e-proposals/{eproposal.pk}/comments/{theirs.pk}/"
    post(client, base + "delete/")
    theirs.refresh_from_db()
    assert theirs.deleted_at is None
    assert post(client, base + "report/", {"reason": ""}).status_code == 302
    assert not CommentReport.objects.exists()
    post(client, base + "report/", {"reason": "Påhopp"})
    post(client, base + "report/", {"reason": "Igen"}, "en")
    assert CommentReport.objects.get().reason == "Påhopp"
    messages = [str(m) for m in get(client, f"/e-proposals/{eproposal.pk}/").context["messages"]]
    assert "You have already reported this comment." in messages


def test_outsiders_cannot_comment(client, portal, tenant_a, alice):
    pending = make_eproposal(status=S.PENDING)
    withdrawn = make_eproposal(status=S.WITHDRAWN)
    anonymous = post(client, f"/e-proposals/{withdrawn.pk}/comments/", {"body": "Hej"})
    assert anonymous["Location"].startswith("/accounts/login/")
    client.force_login(alice)
    assert post(client, f"/e-proposals/{pending.pk}/comments/", {"body": "Hej"}).status_code == 404
    refused = post(client, f"/e-proposals/{withdrawn.pk}/comments/", {"body": "Hej"}, "en")
    assert "This e-proposal takes no comments." in text(refused)
    open_one = make_eproposal()
    other = Comment.objects.create(eproposal=withdrawn, author=alice, body="Annan")
    wrong_pair = post(client, f"/e-proposals/{open_one.pk}/comments/{other.pk}/delete/")
    assert wrong_pair.status_code == 404
    tenant_host = client.post(
        f"/e-proposals/{open_one.pk}/comments/", {"body": "Hej"}, HTTP_HOST="alfa.localhost"
    )
    assert tenant_host.status_code == 404
    assert not Comment.objects.filter(body="Hej").exists()
