"""The responsible tenant's e-proposal pages (/manage/e-proposals/ on its host): the
queue, the handling steps, the decision, follow-up and "carried out"; outsiders get 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.eproposals.models import EProposal, FollowUp
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import host_of, sign_in, sign_in_with_two_factor
from tests.eproposals.factories import make_eproposal
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db

S = EProposal.Status
PORTAL = "localhost"


def staff(user, language: str = "en") -> Client:
    client = Client()
    sign_in_with_two_factor(client, user)
    client.cookies["django_language"] = language
    return client


def forwarded(tenant, **fields):
    fields.setdefault("answer_due", timezone.localdate() + timedelta(days=30))
    return make_eproposal(
        status=fields.pop("status", S.FORWARDED),
        tenant=tenant,
        forwarded_at=timezone.now(),
        final_count=200,
        supports_count=200,
        **fields,
    )


def test_the_queue_groups_what_to_do_in_both_languages(tenant_a, tenant_b, bob):
    new = forwarded(tenant_a, title="Nytt förslag att ta emot")
    late = forwarded(
        tenant_a,
        status=S.INVESTIGATING,
        title="Försenat förslag",
        answer_due=timezone.localdate() - timedelta(days=1),
    )
    done = forwarded(
        tenant_a,
        status=S.DECIDED,
        title="Beslutat förslag",
        decision="approved",
        decision_text="Ja",
    )
    elsewhere = forwarded(tenant_b, title="Betas förslag")
    host = host_of(tenant_a)
    for language in ("sv", "en"):
        response = staff(bob, language).get("/manage/e-proposals/", HTTP_HOST=host)
        assert response.status_code == 200
        body = response.content.decode()
        for eproposal in (new, late, done):
            assert f"/manage/e-proposals/{eproposal.pk}/" in body
        assert elsewhere.title not in body
    assert "To receive (1)" in body and "In progress (1)" in body and "Decided (1)" in body
    assert "Overdue" in body
    # The staff navigation links here with the count awaiting an answer.
    dashboard = staff(bob).get("/manage/", HTTP_HOST=host).content.decode()
    assert 'href="/manage/e-proposals/"' in dashboard and "2 awaiting an answer" in dashboard


def count_queries(client: Client, url: str, host: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    return len(captured)


def test_the_queue_costs_the_same_for_one_row_or_twenty(tenant_a, bob):
    client = staff(bob)
    host = host_of(tenant_a)

    def rows(count):
        for _n in range(count):
            forwarded(tenant_a)
            forwarded(tenant_a, status=S.RECEIVED)
            forwarded(tenant_a, status=S.DECIDED, decision="rejected", decision_text="Nej")

    rows(1)
    client.get("/manage/e-proposals/", HTTP_HOST=host)  # warm up
    one = count_queries(client, "/manage/e-proposals/", host)
    rows(19)
    client.get("/manage/e-proposals/", HTTP_HOST=host)
    assert count_queries(client, "/manage/e-proposals/", host) <= one <= 20
    body = client.get("/manage/e-proposals/", HTTP_HOST=host).content.decode()
    assert "To receive (20)" in body


def test_receive_investigate_decide_follow_up_and_carry_out(tenant_a, bob):
    eproposal = forwarded(tenant_a)
    client = staff(bob)
    host = host_of(tenant_a)
    url = f"/manage/e-proposals/{eproposal.pk}/"
    for language in ("sv", "en"):
        client.cookies["django_language"] = language
        body = client.get(url, HTTP_HOST=host).content.decode()
        assert eproposal.body in body and f"{url}receive/" in body and f"{url}decide/" in body
    client.post(f"{url}receive/", HTTP_HOST=host)
    client.post(f"{url}investigate/", HTTP_HOST=host)
    eproposal.refresh_from_db()
    assert eproposal.status == S.INVESTIGATING
    response = client.post(
        f"{url}decide/",
        {
            "decision": "approved",
            "text": "Nämnden bifaller förslaget.",
            "decided_on": timezone.localdate().isoformat(),
            "minutes_url": "https://example.org/protokoll.pdf",
        },
        HTTP_HOST=host,
    )
    assert response.status_code == 302
    eproposal.refresh_from_db()
    assert (eproposal.status, eproposal.decision, eproposal.minutes_url) == (
        S.DECIDED,
        "approved",
        "https://example.org/protokoll.pdf",
    )
    with schema_context(tenant_a.schema_name):
        process = make_process("parken", published=True)
        make_process("utkast", published=False)
    body = client.get(url, HTTP_HOST=host).content.decode()
    assert f'value="process-{process.pk}"' in body and "utkast" not in body
    client.post(f"{url}follow-up/", {"target": f"process-{process.pk}"}, HTTP_HOST=host)
    link = FollowUp.objects.get()
    assert (link.kind, link.object_id, link.path) == ("process", process.pk, "/processes/parken/")
    client.post(f"{url}carried-out/", HTTP_HOST=host)
    eproposal.refresh_from_db()
    assert eproposal.carried_out_at is not None
    assert "/carried-out/" not in client.get(url, HTTP_HOST=host).content.decode()


def test_not_our_responsibility_sends_it_back_without_a_date(tenant_a, bob):
    eproposal = forwarded(tenant_a, status=S.RECEIVED)
    response = staff(bob).post(
        f"/manage/e-proposals/{eproposal.pk}/decide/",
        {"decision": "not_ours", "text": "Trafikkontoret ansvarar för gator."},
        HTTP_HOST=host_of(tenant_a),
    )
    assert response["Location"] == "/manage/e-proposals/"
    eproposal.refresh_from_db()
    assert eproposal.status == S.FORWARDED and eproposal.tenant is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "approved", "text": " ", "decided_on": "2026-01-10"}, "Write the decision"),
        (
            {"decision": "partly", "text": "Delvis bifall.", "decided_on": ""},
            "Give the date of the decision.",
        ),
        (
            {"decision": "rejected", "text": "Avslag.", "decided_on": "2999-01-01"},
            "The date of the decision cannot be in the future.",
        ),
    ],
)
def test_a_bad_decision_shows_the_message_keeps_the_text_and_writes_nothing(
    tenant_a, bob, data, message
):
    eproposal = forwarded(tenant_a, status=S.RECEIVED)
    response = staff(bob).post(
        f"/manage/e-proposals/{eproposal.pk}/decide/", data, HTTP_HOST=host_of(tenant_a)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    if data["text"].strip():
        assert data["text"] in body
    eproposal.refresh_from_db()
    assert eproposal.status == S.RECEIVED and eproposal.decision == ""
    assert not eproposal.events.filter(kind="decided").exists()


def test_a_rejected_eproposal_takes_no_follow_up(tenant_a, bob):
    eproposal = forwarded(tenant_a, status=S.DECIDED, decision="rejected", decision_text="Nej.")
    with schema_context(tenant_a.schema_name):
        project = make_project(
            make_budget(make_budgets_component()), "Lekplats", 1000, status="selected"
        )
    client = staff(bob)
    host = host_of(tenant_a)
    url = f"/manage/e-proposals/{eproposal.pk}/"
    body = client.get(url, HTTP_HOST=host).content.decode()
    assert "A rejected e-proposal has nothing to follow up." in body and "/follow-up/" not in body
    response = client.post(
        f"{url}follow-up/", {"target": f"project-{project.pk}"}, HTTP_HOST=host, follow=True
    )
    assert "A rejected e-proposal has nothing to follow up." in response.content.decode()
    client.post(f"{url}carried-out/", HTTP_HOST=host)
    eproposal.refresh_from_db()
    assert not FollowUp.objects.exists() and eproposal.carried_out_at is None


def test_outsiders_get_404(tenant_a, tenant_b, alice, bob, charlie):
    eproposal = forwarded(tenant_a)
    betas = forwarded(tenant_b)
    host = host_of(tenant_a)
    posts = ["receive/", "investigate/", "decide/", "follow-up/", "carried-out/"]
    resident = Client()
    sign_in(resident, alice)
    for client in (staff(charlie), resident, Client()):
        for path in ["", *posts]:
            url = f"/manage/e-proposals/{eproposal.pk}/{path}"
            method = client.post if path else client.get
            response = method(url, {"decision": "approved", "text": "x"}, HTTP_HOST=host)
            assert response.status_code in (404, 302), url
            if response.status_code == 302:
                assert "login" in response["Location"], url
        assert client.get("/manage/e-proposals/", HTTP_HOST=host).status_code in (404, 302)
    # Charlie cannot reach alfa's e-proposal from his own host, nor his own tenant's
    # e-proposal through alfa's host; bob cannot reach beta's through alfa's host.
    charlie_client = staff(charlie)
    url = f"/manage/e-proposals/{eproposal.pk}/"
    assert charlie_client.get(url, HTTP_HOST=host_of(tenant_b)).status_code == 404
    betas_url = f"/manage/e-proposals/{betas.pk}/"
    assert charlie_client.get(betas_url, HTTP_HOST=host).status_code == 404
    assert charlie_client.get(betas_url, HTTP_HOST=host_of(tenant_b)).status_code == 200
    bob_client = staff(bob)
    assert bob_client.get(betas_url, HTTP_HOST=host).status_code == 404
    # The same URLs on the portal host do not exist.
    assert bob_client.get("/manage/e-proposals/", HTTP_HOST=PORTAL).status_code == 404
    assert bob_client.get(url, HTTP_HOST=PORTAL).status_code == 404
    eproposal.refresh_from_db()
    assert eproposal.status == S.FORWARDED
