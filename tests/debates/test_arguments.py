"""Arguments are comments with a position: required on the debate itself, refused with
a clear message (and nothing saved) outside the debate's dates, after staff close it,
when the phase turns arguing off, or without the verification the component requires."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.comments.actions import CommentRefused, post_comment, vote_comment
from tenant_apps.comments.models import Alignment, Comment
from tenant_apps.debates.actions import close_debate, reopen_debate
from tenant_apps.debates.models import Debate
from tests.conftest import host_of, make_user, sign_in
from tests.debates.factories import make_argument, make_debate, make_debates_component

pytestmark = pytest.mark.django_db


def test_the_state_follows_the_dates_and_a_close_by_staff(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        start = timezone.now() + timedelta(days=1)
        debate = make_debate(component, opens_at=start, closes_at=start + timedelta(days=7))
        assert debate.state == Debate.State.UPCOMING
        with time_machine.travel(start + timedelta(hours=1)):
            assert debate.state == Debate.State.OPEN
        with time_machine.travel(start + timedelta(days=7)):
            assert debate.state == Debate.State.ENDED
        with time_machine.travel(start + timedelta(days=2)):
            close_debate(bob, debate, conclusion_sv="Vi öppnar på söndagar.")
            debate.refresh_from_db()
            assert debate.state == Debate.State.CONCLUDED
            reopen_debate(bob, debate)
            debate.refresh_from_db()
            assert debate.state == Debate.State.OPEN
        # Without dates a debate is open from publishing until staff close it.
        assert make_debate(component).state == Debate.State.OPEN


def test_an_argument_needs_a_position_but_a_reply_does_not(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component())
        component = debate.component
        with pytest.raises(ValidationError) as refused:
            post_comment(alice, component, "debate", debate.pk, body="Ja!", alignment=None)
        assert refused.value.message_dict["alignment"] == [
            "Choose your position: against, neutral or in favour."
        ]
        assert not Comment.objects.exists()
        argument = post_comment(
            alice, component, "debate", debate.pk, body="Ja!", alignment=Alignment.IN_FAVOUR
        )
        reply = post_comment(
            alice, component, "debate", debate.pk, body="Och mer.", alignment=None, parent=argument
        )
        assert (argument.alignment, reply.alignment) == (1, 0)


def test_the_form_without_a_position_comes_back_with_the_text_and_the_message(
    client, tenant_a, alice
):
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component())
    sign_in(client, alice)
    url = f"/comments/{debate.component_id}/debate/{debate.pk}/"
    response = client.post(url, {"body": "Söndagar är bra."}, HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose your position: against, neutral or in favour." in body
    assert "Söndagar är bra." in body
    with schema_context(tenant_a.schema_name):
        assert not Comment.objects.exists()
    response = client.post(
        url, {"body": "Söndagar är bra.", "alignment": "-1"}, HTTP_HOST=host_of(tenant_a)
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Comment.objects.get().alignment == Alignment.AGAINST


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"opens_at_days": 1}, "This debate opens on"),
        ({"closes_at_days": -1, "opens_at_days": -5}, "This debate closed on"),
        ({"closed": True}, "This debate is closed and the conclusion is shown above."),
    ],
)
def test_arguments_are_refused_outside_the_open_time(tenant_a, alice, bob, fields, message):
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        now = timezone.now()
        extra = {}
        if "opens_at_days" in fields:
            extra["opens_at"] = now + timedelta(days=fields["opens_at_days"])
        if "closes_at_days" in fields:
            extra["closes_at"] = now + timedelta(days=fields["closes_at_days"])
        debate = make_debate(component, **extra)
        earlier = make_argument(debate, make_user("e@example.org", "Eva"), alignment=1)
        if fields.get("closed"):
            close_debate(bob, debate, conclusion_sv="Klart.")
        with pytest.raises(CommentRefused, match=message):
            post_comment(alice, component, "debate", debate.pk, body="Ja!", alignment=1)
        with pytest.raises(CommentRefused, match=message):
            vote_comment(alice, earlier, 1)
        assert Comment.objects.count() == 1
        assert earlier.upvotes == Comment.objects.get().upvotes == 0


def test_the_page_says_why_instead_of_showing_the_form(client, tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component())
        close_debate(bob, debate, conclusion_sv="Klart.", conclusion_en="Settled: we open.")
    sign_in(client, alice)
    body = client.get(debate.get_absolute_url(), HTTP_HOST=host_of(tenant_a)).content.decode()
    assert "This debate is closed and the conclusion is shown above." in body
    assert 'name="alignment"' not in body
    # The conclusion comes first, before the background and the arguments.
    assert body.index("Settled: we open.") < body.index("Background") < body.index("Arguments")


def test_arguments_are_refused_when_the_phase_turns_arguing_off(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component(arguments_enabled=False))
        with pytest.raises(CommentRefused, match="not open in the current phase"):
            post_comment(alice, debate.component, "debate", debate.pk, body="Ja!", alignment=1)
        assert not Comment.objects.exists()


def test_arguments_need_the_verification_the_component_requires(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        component.permissions = {"argue": {"verifications": ["eid"]}}
        component.save()
        debate = make_debate(component)
        with pytest.raises(CommentRefused, match="You need to verify your identity first"):
            post_comment(alice, component, "debate", debate.pk, body="Ja!", alignment=1)
        assert not Comment.objects.exists()
    sign_in(client, alice)
    body = client.get(debate.get_absolute_url(), HTTP_HOST=host_of(tenant_a)).content.decode()
    assert "You need to verify your identity first." in body
    # The way forward names the "argue" action of this component.
    assert f"/take-part/{component.pk}/argue/" in body


def test_a_signed_out_visitor_is_asked_to_sign_in(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component())
    body = client.get(debate.get_absolute_url(), HTTP_HOST=host_of(tenant_a)).content.decode()
    assert "Sign in to take part." in body


def test_unpublished_debates_take_no_arguments(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component(), published=False)
    sign_in(client, alice)
    url = f"/comments/{debate.component_id}/debate/{debate.pk}/"
    response = client.post(url, {"body": "Ja", "alignment": "1"}, HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 404
    assert client.get(debate.get_absolute_url(), HTTP_HOST=host_of(tenant_a)).status_code == 404
