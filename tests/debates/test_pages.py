"""The public pages: the list grouped into open, upcoming and closed with counts per
position, and a debate with its counts, the position filter and the conclusion on top."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.comments.models import Alignment
from tenant_apps.debates.actions import close_debate
from tests.conftest import host_of, make_user
from tests.debates.factories import make_argument, make_debate, make_debates_component

pytestmark = pytest.mark.django_db


def test_the_list_groups_debates_and_counts_arguments(client, tenant_a, bob):
    people = [make_user(f"p{n}@example.org", f"P {n}") for n in range(4)]
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        now = timezone.now()
        open_one = make_debate(component, title_en="Sundays open?", position=0)
        for person, alignment in zip(people, (1, 1, -1, 0), strict=True):
            make_argument(open_one, person, alignment)
        # Hidden and deleted arguments and replies do not count.
        make_argument(open_one, people[0], -1, hidden=True)
        make_argument(open_one, people[1], -1, deleted_at=now)
        first = open_one.pk
        reply_to = make_argument(open_one, people[2], 1)
        make_argument(open_one, people[3], 1, parent=reply_to)
        make_debate(component, title_en="Later question", opens_at=now + timedelta(days=3))
        make_debate(
            component, title_en="Ended question", opens_at=now - timedelta(days=9),
            closes_at=now - timedelta(days=1),
        )  # fmt: skip
        concluded = make_debate(component, title_en="Concluded question")
        close_debate(bob, concluded, conclusion_sv="Klart.")
        make_debate(component, title_en="Secret draft", published=False)
        url = component.get_absolute_url()
    body = client.get(url, HTTP_HOST=host_of(tenant_a)).content.decode()
    assert body.index("Open debates") < body.index("Sundays open?")
    assert body.index("Upcoming debates") < body.index("Later question")
    assert body.index("Closed debates") < body.index("Ended question")
    assert body.index("Closed debates") < body.index("Concluded question")
    assert "Secret draft" not in body
    assert "Arguments: 3 in favour, 1 against, 1 neutral" in body
    assert f'href="{url}{first}/"' in body


def test_a_debate_shows_counts_and_filters_arguments_by_position(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component())
        make_argument(debate, make_user("a1@example.org", "A1"), 1, body="Fler timmar för alla.")
        make_argument(debate, make_user("a2@example.org", "A2"), -1, body="Det kostar för mycket.")
        make_argument(debate, make_user("a3@example.org", "A3"), 0, body="Prova först.")
    host = host_of(tenant_a)
    body = client.get(debate.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "Arguments: 1 in favour, 1 against, 1 neutral" in body
    assert "Background" in body and "<strong>stängt</strong>" in body  # Markdown rendered
    for text in ("Fler timmar för alla.", "Det kostar för mycket.", "Prova först."):
        assert text in body
    against = client.get(f"{debate.get_absolute_url()}?position=against", HTTP_HOST=host)
    body = against.content.decode()
    assert "Det kostar för mycket." in body
    assert "Fler timmar för alla." not in body and "Prova först." not in body
    assert 'href="?position=against#arguments-heading" aria-current="true"' in body
    # Junk in the filter shows everything.
    junk = client.get(f"{debate.get_absolute_url()}?position=%00x", HTTP_HOST=host)
    assert "Prova först." in junk.content.decode()


def test_the_argument_form_asks_for_a_position_with_none_chosen(client, tenant_a, alice):
    from tests.conftest import sign_in

    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component())
    sign_in(client, alice)
    body = client.get(debate.get_absolute_url(), HTTP_HOST=host_of(tenant_a)).content.decode()
    assert body.count('name="alignment"') == 3
    assert " checked" not in body.split('name="alignment"', 1)[1].split("</fieldset>")[0]
    assert f'value="{Alignment.IN_FAVOUR}" required' in body
