"""save_response in one transaction (nothing half-written, no files left), respondent keys,
results aggregation and the CSV export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.datastructures import MultiValueDict
from django_tenants.utils import schema_context

from shared_apps.identity.models import PersonIdentity
from tenant_apps.forms.build import AnswerValue, build_form
from tenant_apps.forms.export import write_csv
from tenant_apps.forms.keys import NoVerifiedIdentity, respondent_key
from tenant_apps.forms.models import Answer, AnswerChoice, Form, Response
from tenant_apps.forms.results import form_results
from tenant_apps.forms.saving import AlreadyAnswered, save_response
from tests.conftest import make_user
from tests.forms.factories import make_every_kind, make_question, option, png_upload, row

pytestmark = pytest.mark.django_db


def stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file() and "/forms/" in str(path)}


def test_a_file_answer_is_stored_privately_under_the_tenant(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_question(form, "file", file_kinds=["image"])
        response_form = build_form(form, {}, MultiValueDict({q.field_name: [png_upload()]}))
        assert response_form.is_valid(), response_form.errors
        response = save_response(form, response_form.answers, anonymous=True)
        answer = Answer.objects.get(response=response)
        assert answer.file.name.startswith(f"{tenant_a.schema_name}/forms/")
        assert answer.file_name == "bild.png"
        assert (Path(settings.PRIVATE_MEDIA_ROOT) / answer.file.name).exists()
        answer.file.storage.delete(answer.file.name)


def test_a_second_response_with_the_same_key_is_refused_and_leaves_nothing(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_question(form, "file", file_kinds=["image"])
        text = make_question(form, "short_text")
        first = build_form(form, {}, MultiValueDict({q.field_name: [png_upload()]}))
        assert first.is_valid()
        save_response(form, first.answers, anonymous=True, respondent_key="k1")
        before = stored_files()
        second = build_form(
            form, {text.field_name: "igen"}, MultiValueDict({q.field_name: [png_upload()]})
        )
        assert second.is_valid()
        with pytest.raises(AlreadyAnswered):
            save_response(form, second.answers, anonymous=True, respondent_key="k1")
        assert Response.objects.filter(form=form).count() == 1
        assert not Answer.objects.filter(question=text).exists()
        assert stored_files() == before
        for answer in Answer.objects.filter(question=q):
            answer.file.storage.delete(answer.file.name)


def test_a_failure_after_the_files_are_written_removes_them_and_every_row(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_question(form, "file", file_kinds=["image"])
        response_form = build_form(form, {}, MultiValueDict({q.field_name: [png_upload()]}))
        assert response_form.is_valid()
        before = stored_files()

        def fail(response):
            raise RuntimeError("the owner's row could not be written")

        with pytest.raises(RuntimeError):
            save_response(form, response_form.answers, anonymous=False, then=fail)
        assert not Response.objects.filter(form=form).exists()
        assert not Answer.objects.exists() or not Answer.objects.filter(question=q).exists()
        assert stored_files() == before


def test_an_anonymous_response_keeps_no_account_and_only_the_day(tenant_a):
    with schema_context(tenant_a.schema_name):
        alice = make_user("alice@example.org", "Alice")
        form = Form.objects.create()
        key = respondent_key(form, alice)
        response = save_response(form, {}, user=alice, anonymous=True, respondent_key=key)
        response.refresh_from_db()
        assert response.user_id is None
        assert (response.submitted.minute, response.submitted.second) == (0, 0)
        assert len(key) == 64 and f"account:{alice.pk}" not in key and alice.email not in key
        linked = save_response(
            Form.objects.create(), {}, user=alice, anonymous=False, respondent_key="x"
        )
        assert linked.user_id == alice.pk


def test_respondent_keys_differ_per_form_and_follow_the_person(tenant_a):
    with schema_context(tenant_a.schema_name):
        alice = make_user("alice@example.org", "Alice")
        alias = make_user("alias@example.org", "Alice again")
        first, second = Form.objects.create(), Form.objects.create()
        assert respondent_key(first, alice) != respondent_key(second, alice)
        assert respondent_key(first, alice) != respondent_key(first, alias)
        with pytest.raises(NoVerifiedIdentity):
            respondent_key(first, alice, per_person=True)
        PersonIdentity.objects.create(key="person-1", user=alice, handler="eid")
        by_person = respondent_key(first, alice, per_person=True)
        assert by_person != respondent_key(first, alice)
        # The same person behind another account (a new identity row, as after the first
        # account was deleted) gets the same key.
        PersonIdentity.objects.filter(user=alice).delete()
        PersonIdentity.objects.create(key="person-1", user=alias, handler="in_person")
        assert respondent_key(first, alias, per_person=True) == by_person


def answer_all(form, q, n: int) -> None:
    """Store n responses: Ofta/Sällan alternating, Bänkar+Träd, ranks, matrix, numbers."""
    for index in range(n):
        single = option(q["single"], "Ofta" if index % 2 == 0 else "Sällan").pk
        values = {
            q["single"].pk: AnswerValue(choices=[single]),
            q["multiple"].pk: AnswerValue(
                choices=[option(q["multiple"], "Bänkar").pk, option(q["multiple"], "Träd").pk],
                text="Fontän" if index == 0 else "",
            ),
            q["ranking"].pk: AnswerValue(
                ranks={
                    option(q["ranking"], "A").pk: 2,
                    option(q["ranking"], "B").pk: 1,
                    option(q["ranking"], "C").pk: 3,
                }
            ),
            q["matrix"].pk: AnswerValue(
                rows={row(q["matrix"], "Parken").pk: option(q["matrix"], "Nöjd").pk}
            ),
            q["number"].pk: AnswerValue(number=10 + index * 10),
            q["short"].pk: AnswerValue(text=f"Gata {index}"),
        }
        save_response(form, values, anonymous=True, respondent_key=f"r{index}")


def test_results_count_choices_rank_scores_matrix_cells_and_averages(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_every_kind(form)
        answer_all(form, q, 3)
        results = form_results(form)
        assert results.responses == 3
        by_question = {r.question.pk: r for r in results.questions}
        single = by_question[q["single"].pk]
        assert [(b.label, b.count, b.percent) for b in single.bars] == [
            ("Ofta", 2, 67), ("Sällan", 1, 33), ("Other", 0, 0)
        ]  # fmt: skip
        multiple = by_question[q["multiple"].pk]
        assert [(b.label, b.count) for b in multiple.bars] == [
            ("Bänkar", 3), ("Träd", 3), ("Lekplats", 0), ("Belysning", 0), ("Other", 1)
        ]  # fmt: skip
        assert multiple.texts == ["Fontän"]
        ranking = by_question[q["ranking"].pk]
        # Borda over 3 ranks: B first (3 points × 3), A second (2 × 3), C last (1 × 3).
        assert [(b.label, b.score, str(b.average_rank)) for b in ranking.bars] == [
            ("B", 9, "1.00"), ("A", 6, "2.00"), ("C", 3, "3.00")
        ]  # fmt: skip
        matrix = by_question[q["matrix"].pk]
        assert matrix.columns == ["Nöjd", "Missnöjd"]
        assert [(label, [b.count for b in bars]) for label, bars in matrix.matrix] == [
            ("Parken", [3, 0]), ("Torget", [0, 0])
        ]  # fmt: skip
        number = by_question[q["number"].pk]
        assert (str(number.average), str(number.minimum), str(number.maximum)) == (
            "20.00", "10.00", "30.00"
        )  # fmt: skip
        assert len(by_question[q["short"].pk].texts) == 3
        assert form_results(form, with_texts=False).questions[0].texts == []


def test_results_and_csv_cost_the_same_queries_for_1_and_200_responses(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_every_kind(form)
        answer_all(form, q, 1)

        def count(work) -> int:
            with CaptureQueriesContext(connection) as captured:
                work()
            return len(captured)

        results_1 = count(lambda: form_results(form))
        csv_1 = count(lambda: write_csv(form, io.StringIO()))
        for index in range(1, 200):
            save_response(
                form,
                {q["single"].pk: AnswerValue(choices=[option(q["single"], "Ofta").pk])},
                anonymous=True,
                respondent_key=f"more{index}",
            )
        assert count(lambda: form_results(form)) == results_1 <= 6
        assert count(lambda: write_csv(form, io.StringIO())) == csv_1 <= 5


def test_the_csv_has_one_row_per_response_and_a_column_per_question_part(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_every_kind(form)
        answer_all(form, q, 2)
        alice = make_user("alice@example.org", "Alice")
        save_response(
            form,
            {q["short"].pk: AnswerValue(text="=HYPERLINK(evil)")},
            user=alice,
            anonymous=False,
            respondent_key="alice",
        )
        out = io.StringIO()
        assert write_csv(form, out) == 3
        lines = list(csv.reader(io.StringIO(out.getvalue())))
        head, body = lines[0], lines[1:]
        assert head[:3] == ["Response", "Submitted", "Account"]
        assert "Rangordna – A" in head and "Hur nöjd? – Parken" in head
        assert "Vad vill du ha? – Other" in head
        assert len(body) == 3
        records = [dict(zip(head, line, strict=True)) for line in body]
        anonymous = [r for r in records if r["Account"] == ""]
        assert len(anonymous) == 2
        assert {r["Hur ofta?"] for r in anonymous} == {"Ofta", "Sällan"}
        assert anonymous[0]["Vad vill du ha?"] == "Bänkar; Träd"
        assert {r["Rangordna – B"] for r in anonymous} == {"1"}
        assert {r["Hur nöjd? – Parken"] for r in anonymous} == {"Nöjd"}
        linked = next(r for r in records if r["Account"])
        assert linked["Account"] == "alice@example.org"
        assert linked["Namn på din gata"] == "'=HYPERLINK(evil)"
        # Only anonymous responses: no account column at all.
        only_anonymous = Form.objects.create()
        save_response(only_anonymous, {}, anonymous=True, respondent_key="z")
        out = io.StringIO()
        write_csv(only_anonymous, out)
        assert "Account" not in out.getvalue()
        assert AnswerChoice.objects.filter(question__form=form).exists()
