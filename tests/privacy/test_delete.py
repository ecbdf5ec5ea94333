"""Delete my account: re-authentication first, then one action that unlinks the person
in every schema and deletes the account; a sweep of the whole database finds nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation
from django_tenants.utils import schema_context
from psycopg import sql

from shared_apps.accounts.models import Membership, SignInHandoff, User
from shared_apps.designs.models import CityTemplate
from shared_apps.identity.actions import VerificationRefused, grant_verification
from shared_apps.identity.models import IdentityConflict, PersonIdentity, Verification
from shared_apps.identity.personal_number import parse_personal_number
from shared_apps.mail.actions import queue_mail
from shared_apps.mail.models import OutgoingMail
from shared_apps.privacy.actions import delete_account
from shared_apps.privacy.display import participant_name
from shared_apps.privacy.models import DataExport, TenantTerms, TermsAcceptance
from shared_apps.vocabularies.city import area_for_postal_code, ensure_city_vocabularies
from tenant_apps.actionlog.models import Action
from tenant_apps.news.models import Post
from tenant_apps.spaces.models import AssemblyMember, Process
from tenant_apps.verification.codes import create_batch, redeem_code
from tenant_apps.verification.in_person import verify_in_person
from tenant_apps.verification.models import VotingCode
from tenants.roles import grant_role
from tests.conftest import PASSWORD
from tests.privacy.factories import make_footprint

pytestmark = pytest.mark.django_db

PORTAL = "localhost"
TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")


def user_columns(cursor: Any) -> list[tuple[str, str, str]]:
    """Return (schema, table, column) of every column that may hold a user id: foreign keys
    to accounts_user in any schema, columns named like one even without a constraint
    (a tenant table's foreign key into public may have none), and the user's own row."""
    cursor.execute(
        """
        SELECT n.nspname, c.relname, a.attname
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
        WHERE k.contype = 'f' AND k.confrelid = 'public.accounts_user'::regclass
        UNION
        SELECT table_schema, table_name, column_name
        FROM information_schema.columns
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
          AND table_schema NOT LIKE 'pg_%%'
          AND (column_name LIKE '%%user_id' OR column_name = 'actor_id'
               OR column_name LIKE '%%\\_by\\_id')
          AND data_type IN ('integer', 'bigint', 'smallint')
        UNION
        SELECT 'public', 'accounts_user', 'id'
        """
    )
    return sorted(cursor.fetchall())


def text_columns(cursor: Any, tables: set[tuple[str, str]]) -> list[tuple[str, str, str]]:
    cursor.execute(
        "SELECT table_schema, table_name, column_name FROM information_schema.columns "
        "WHERE data_type = ANY(%s)",
        [list(TEXT_TYPES)],
    )
    return [row for row in cursor.fetchall() if (row[0], row[1]) in tables]


def references_to(user_id: int, email: str) -> list[str]:
    """Sweep every schema: rows whose user columns hold `user_id`, or whose text columns
    (in those tables) contain `email`."""
    found = []
    with connection.cursor() as cursor:
        columns = user_columns(cursor)
        for schema, table, column in columns:
            cursor.execute(
                sql.SQL("SELECT count(*) FROM {}.{} WHERE {} = %s").format(
                    sql.Identifier(schema), sql.Identifier(table), sql.Identifier(column)
                ),
                [user_id],
            )
            if cursor.fetchone()[0]:
                found.append(f"{schema}.{table}.{column} = {user_id}")
        tables = {(schema, table) for schema, table, _column in columns}
        for schema, table, column in text_columns(cursor, tables):
            cursor.execute(
                sql.SQL("SELECT count(*) FROM {}.{} WHERE {}::text ILIKE %s").format(
                    sql.Identifier(schema), sql.Identifier(table), sql.Identifier(column)
                ),
                [f"%{email}%"],
            )
            if cursor.fetchone()[0]:
                found.append(f"{schema}.{table}.{column} contains {email}")
    return found


def test_the_sweep_sees_every_schema_and_the_tables_that_matter(tenant_a, tenant_b):
    with connection.cursor() as cursor:
        columns = user_columns(cursor)
    for schema in ("public", tenant_a.schema_name, tenant_b.schema_name):
        assert (schema, "actionlog_action", "actor_id") in columns or schema == "public"
    assert ("public", "accounts_membership", "user_id") in columns
    assert ("public", "account_emailaddress", "user_id") in columns
    assert (tenant_b.schema_name, "news_post", "author_id") in columns
    assert ("public", "designs_citytemplate", "created_by_id") in columns


def test_no_personal_data_remains_in_any_schema_after_deletion(tenant_a, tenant_b, alice, bob):
    a = make_footprint(tenant_a, alice)
    b = make_footprint(tenant_b, alice)
    make_footprint(tenant_a, bob, slug="torget")
    grant_role(tenant_b, alice, Membership.Role.MODERATOR, by=bob)
    grant_role(tenant_a, alice, Membership.Role.EVALUATOR)
    CityTemplate.objects.create(name_sv="Mall", design={}, created_by=alice)
    DataExport.objects.create(user=alice, site_url="http://localhost")
    terms = TenantTerms.objects.create(tenant=tenant_a, text_sv="Villkor")
    TermsAcceptance.objects.create(user=alice, tenant=tenant_a, version=terms.version)
    queue_mail(to=[alice.email], subject="Hej", body_text="Hej Alice")
    queue_mail(to=[bob.email], subject="Hej", body_text="Hej Bob")
    # Identity: verified in person in tenant A, a voting code used in tenant B, a refused
    # try at another person's identity (a conflict), and the attempt log.
    ensure_city_vocabularies()
    with schema_context(tenant_a.schema_name):
        verify_in_person(
            alice, by=bob, personal_number=parse_personal_number("198001010019"),
            postal_code=area_for_postal_code("41301"), evidence="passport",
        )  # fmt: skip
    with schema_context(tenant_b.schema_name):
        _batch, (code,) = create_batch(Process.objects.get(slug="parken"), 1, by=None)
        redeem_code(alice, code)
    grant_verification(bob, "eid", identifier=("se-pnr", "199002020031"))
    with pytest.raises(VerificationRefused):
        grant_verification(alice, "eid", identifier=("se-pnr", "199002020031"))
    client = Client(HTTP_HOST=PORTAL)
    client.force_login(alice)
    session_key = client.session.session_key
    SignInHandoff.objects.create(
        token_hash="x" * 64,
        session_key=session_key,
        host="alfa.localhost",
        expires=timezone.now() + timedelta(minutes=1),
    )
    bobs_client = Client(HTTP_HOST=PORTAL)
    bobs_client.force_login(bob)
    user_id, email = alice.pk, alice.email
    # The sweep finds alice before, in both tenants and in public.
    before = references_to(user_id, email)
    assert any(tenant_a.schema_name in line for line in before)
    assert any(tenant_b.schema_name in line for line in before)
    assert any(line.startswith("public.accounts_user") for line in before)

    delete_account(alice, confirmation=" ALICE@example.org ")
    deleted = translation.gettext("Deleted participant")  # in whichever language is active

    assert references_to(user_id, email) == []
    assert not User.objects.filter(pk=user_id).exists()
    # What she wrote and did stays, unlinked, and shows as a deleted participant.
    for tenant, footprint in ((tenant_a, a), (tenant_b, b)):
        with schema_context(tenant.schema_name):
            post = Post.objects.get(pk=footprint.post.pk)
            assert post.author is None
            assert participant_name(post.author) == deleted
            rendered = Template("{% load privacy %}{{ post.author|participant_name }}").render(
                Context({"post": post})
            )
            assert rendered == deleted
            assert Action.objects.get(pk=footprint.action.pk).actor_id is None
            assert AssemblyMember.objects.get(pk=footprint.member.pk).user_id is None
    with schema_context(tenant_b.schema_name):
        granted = Action.objects.get(verb="membership.granted", data__role="moderator")
        assert (granted.target, granted.actor_id) == ("", bob.pk)
    assert CityTemplate.objects.get(name_sv="Mall").created_by is None
    # Her own rows are gone; other people's stay.
    assert not Membership.objects.filter(user_id=user_id).exists()
    assert Membership.objects.filter(user=bob).exists()
    assert not Session.objects.filter(session_key=session_key).exists()
    assert Session.objects.filter(session_key=bobs_client.session.session_key).exists()
    assert not SignInHandoff.objects.exists()
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == [[bob.email]]
    assert participant_name(bob) == "Bob Berg"
    # Her verifications and identity are gone; the code stays used, by nobody now.
    assert not PersonIdentity.objects.exclude(user=bob).exists()
    assert not IdentityConflict.objects.exists()
    assert list(Verification.objects.values_list("user", flat=True)) == [bob.pk]
    with schema_context(tenant_b.schema_name):
        used = VotingCode.objects.get()
        assert (used.redeemed_by_id, used.redeemed_at is not None) == (None, True)


def test_a_wrong_confirmation_deletes_nothing(alice):
    with pytest.raises(ValidationError):
        delete_account(alice, confirmation="alice")
    assert User.objects.filter(pk=alice.pk).exists()


def test_deleting_asks_to_sign_in_again_first_then_for_the_address(alice):
    client = Client(HTTP_HOST=PORTAL)
    client.force_login(alice)  # no recent password entry in this session

    response = client.get("/account/delete/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post("/account/delete/", {"confirmation": alice.email})
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert User.objects.filter(pk=alice.pk).exists()

    response = client.post("/accounts/reauthenticate/", {"password": "wrong-password-1"})
    assert response.status_code == 200
    assert User.objects.filter(pk=alice.pk).exists()
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/account/delete/").status_code == 200

    response = client.post("/account/delete/", {"confirmation": "not-my-address"})
    assert response.status_code == 200
    assert User.objects.filter(pk=alice.pk).exists()
    response = client.post("/account/delete/", {"confirmation": alice.email})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=alice.pk).exists()
    assert "_auth_user_id" not in client.session


def test_anonymous_visitors_are_sent_to_sign_in(portal):
    response = Client(HTTP_HOST=PORTAL).get("/account/delete/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
