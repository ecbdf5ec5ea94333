"""Download my data: the archive covers public and every tenant schema, the e-mailed
link works for its owner only and only until it expires, and the purge removes it."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from shared_apps.accounts.models import Membership
from shared_apps.mail.actions import queue_mail
from shared_apps.mail.models import OutgoingMail
from shared_apps.privacy.actions import delete_account, finish_data_export, private_storage
from shared_apps.privacy.models import DataExport, TenantTerms, TermsAcceptance
from shared_apps.privacy.tasks import build_data_export, purge_expired_data_exports
from tenants.models import Tenant
from tenants.roles import grant_role
from tests.conftest import LIVE_DB, wait_for_mail
from tests.privacy.factories import make_footprint

PORTAL = "localhost"


def signed_in(user) -> Client:
    client = Client(HTTP_HOST=PORTAL)
    client.force_login(user)
    return client


def open_archive(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return json.loads(archive.read(name))


@pytest.mark.worker
@LIVE_DB
def test_it_builds_the_archive_in_the_worker_and_mails_a_link_for_the_owner_only(
    celery_worker, mail_sink, tenant_a, tenant_b, alice, bob
):
    make_footprint(tenant_a, alice)
    make_footprint(tenant_b, alice)
    grant_role(tenant_b, alice, Membership.Role.MODERATOR)
    # Someone else's rows must stay out of alice's archive.
    make_footprint(tenant_a, bob, slug="torget")

    # The sink lives for the session: forget earlier tests' mail to the same address.
    mail_sink.messages.clear()
    client = signed_in(alice)
    response = client.post("/account/data/")
    assert response.status_code == 302
    mail = wait_for_mail(mail_sink, alice.email)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://localhost/account/data/[0-9a-f-]+/download/\?token=\S+", body)
    assert link, body
    assert mail["Subject"].startswith("[Torget] ")

    export = DataExport.objects.get(user=alice)
    assert export.status == DataExport.Status.DONE
    assert (export.steps_done, export.steps_total) == (4, 4)  # public, alfa, beta, finish
    assert export.token_hash and export.token_hash not in body

    path = urlsplit(link.group(0))
    url = f"{path.path}?{path.query}"
    archive = open_archive(client.get(url))
    names = set(archive.namelist())
    assert {
        "README.txt",
        "platform/accounts.User.json",
        "platform/accounts.Membership.json",
    } <= names
    for slug in ("alfa", "beta"):
        actions = rows(archive, f"{slug}/actionlog.Action.json")
        assert [row["actor_id"] for row in actions] == [alice.pk]
        assert [row["author_id"] for row in rows(archive, f"{slug}/news.Post.json")] == [alice.pk]
        assert rows(archive, f"{slug}/spaces.AssemblyMember.json")[0]["user_id"] == alice.pk
    # The log row that names alice (her role granted in beta) is hers too.
    assert rows(archive, "beta/actionlog.Action.mentions.json")[0]["target"] == alice.email
    account = rows(archive, "platform/accounts.User.json")
    assert account[0]["email"] == alice.email
    assert "password" not in account[0]
    readme = archive.read("README.txt").decode()
    assert alice.email in readme
    assert "alfa/actionlog.Action.json" in readme and "beta/news.Post.json" in readme

    # The same link for another signed-in user, or without the token, or anonymous: no.
    assert signed_in(bob).get(url).status_code == 404
    assert client.get(path.path).status_code == 404
    assert client.get(path.path + "?token=wrong").status_code == 404
    assert Client(HTTP_HOST=PORTAL).get(url).status_code == 302

    # After DATA_EXPORT_DAYS the link stops working, and the purge deletes the file.
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert signed_in(alice).get(url).status_code == 404
        assert purge_expired_data_exports() == 1
    export.refresh_from_db()
    assert (export.status, export.file_name, export.token_hash) == ("expired", "", "")
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_it_covers_suspended_and_archived_tenants_and_skips_other_people(
    tenant_a, tenant_b, alice, bob, settings
):
    settings.DATA_EXPORT_DAYS = 2
    make_footprint(tenant_a, alice)
    make_footprint(tenant_b, alice)
    make_footprint(tenant_a, bob, slug="torget")
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    Tenant.objects.filter(pk=tenant_b.pk).update(status=Tenant.Status.ARCHIVED)
    TermsAcceptance.objects.create(
        user=alice,
        tenant=tenant_a,
        version=TenantTerms.objects.create(tenant=tenant_a, text_sv="Villkor").version,
    )
    queue_mail(to=[alice.email], subject="Hej", body_text="Till Alice")
    queue_mail(to=[bob.email], subject="Hej", body_text="Till Bob")
    alice.preferred_language = "en"
    alice.save()
    export = DataExport.objects.create(user=alice, site_url="http://localhost")

    assert build_data_export(export.pk) == "done"
    assert build_data_export(export.pk) == "skipped"  # idempotent

    export.refresh_from_db()
    assert export.expires is not None
    assert timedelta(days=2) - (export.expires - export.finished) < timedelta(seconds=1)
    with private_storage().open(export.file_name, "rb") as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    for slug in ("alfa", "beta"):
        assert len(rows(archive, f"{slug}/actionlog.Action.json")) == 1
    assert rows(archive, "platform/privacy.TermsAcceptance.json")[0]["version"] == 1
    mail = rows(archive, "platform/mail.OutgoingMail.json")
    assert [row["to"] for row in mail] == [[alice.email]]
    assert "Your data from Torget" in archive.read("README.txt").decode()
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"bob@example.org" not in everything


@pytest.mark.django_db
def test_a_second_request_while_one_is_running_reuses_it(alice):
    client = signed_in(alice)
    client.post("/account/data/")
    client.post("/account/data/")
    assert DataExport.objects.filter(user=alice).count() == 1


@pytest.mark.django_db
def test_the_page_shows_progress_and_refreshes_itself_while_an_export_runs(alice):
    DataExport.objects.create(
        user=alice, status=DataExport.Status.RUNNING, steps_done=1, steps_total=4
    )
    page = signed_in(alice).get("/account/data/").content.decode()
    assert '<meta http-equiv="refresh"' in page
    assert 'max="4" value="1"' in page
    assert 'href="/account/data/"' in page  # the refresh link for those who turn it off


@pytest.mark.django_db
def test_the_page_lists_exports_with_a_query_budget_that_does_not_grow(
    alice, django_assert_max_num_queries
):
    client = signed_in(alice)

    def add(count: int) -> None:
        for _ in range(count):
            DataExport.objects.create(
                user=alice,
                status=DataExport.Status.DONE,
                steps_done=3,
                steps_total=3,
                file_name="x.zip",
                finished=timezone.now(),
                expires=timezone.now() + timedelta(days=7),
            )

    add(2)
    # 8: the header's unread-notifications count is one query on every signed-in page.
    with django_assert_max_num_queries(8):
        assert client.get("/account/data/").status_code == 200
    add(15)
    with django_assert_max_num_queries(8):
        page = client.get("/account/data/").content.decode()
    assert page.count('class="export-status"') == 17


@pytest.mark.django_db
def test_it_needs_sign_in_and_an_outsider_cannot_see_someone_elses_export(alice, bob):
    export = DataExport.objects.create(user=alice)
    assert Client(HTTP_HOST=PORTAL).get("/account/data/").status_code == 302
    url = f"/account/data/{export.public_id}/download/?token=x"
    assert signed_in(bob).get(url).status_code == 404


@pytest.mark.django_db
def test_an_archive_finished_after_the_account_was_deleted_is_thrown_away(
    alice, django_capture_on_commit_callbacks
):
    export = DataExport.objects.create(user=alice, site_url="http://localhost")
    delete_account(alice, confirmation=alice.email)
    storage = private_storage()
    folder = f"exports/{export.public_id}"
    with django_capture_on_commit_callbacks(execute=True):
        assert finish_data_export(export, b"PK") == ""
    assert not storage.exists(folder) or storage.listdir(folder)[1] == []
    assert not OutgoingMail.objects.filter(kind="data_export_ready").exists()
