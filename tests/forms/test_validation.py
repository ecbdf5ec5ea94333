"""Every question type's checks in build_form: what is refused, with which message, and
what a valid response becomes; conditional questions required only when shown, and
answers to hidden questions dropped."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from django_tenants.utils import schema_context

from tenant_apps.forms.build import build_form
from tenant_apps.forms.models import Form
from tests.forms.factories import (
    make_every_kind,
    make_question,
    option,
    pdf_bytes,
    png_upload,
    row,
)

pytestmark = pytest.mark.django_db


def errors_of(response_form, question) -> list[str]:
    return next(item for item in response_form.items() if item.question.pk == question.pk).errors


def test_it_accepts_a_complete_response_of_every_type(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_every_kind(form)
        data = {
            q["short"].field_name: "Ågatan",
            q["long"].field_name: "Mer text",
            q["single"].field_name: str(option(q["single"], "Ofta").pk),
            q["multiple"].field_name: [
                str(option(q["multiple"], "Bänkar").pk),
                str(option(q["multiple"], "Träd").pk),
            ],
            **{
                f"{q['ranking'].field_name}_{option(q['ranking'], label).pk}": str(rank)
                for label, rank in (("A", 2), ("B", 1), ("C", 3))
            },
            f"{q['matrix'].field_name}_r{row(q['matrix'], 'Parken').pk}": str(
                option(q["matrix"], "Nöjd").pk
            ),
            q["number"].field_name: "42",
            q["date"].field_name: "2020-05-01",
        }
        files = MultiValueDict({q["file"].field_name: [png_upload()]})
        response_form = build_form(form, data, files)
        assert response_form.is_valid(), response_form.errors
        answers = response_form.answers
        assert answers[q["short"].pk].text == "Ågatan"
        assert answers[q["single"].pk].choices == [option(q["single"], "Ofta").pk]
        assert len(answers[q["multiple"].pk].choices) == 2
        assert answers[q["ranking"].pk].ranks[option(q["ranking"], "B").pk] == 1
        assert answers[q["matrix"].pk].rows == {
            row(q["matrix"], "Parken").pk: option(q["matrix"], "Nöjd").pk
        }
        assert answers[q["number"].pk].number == Decimal(42)
        assert answers[q["date"].pk].date == date(2020, 5, 1)
        assert answers[q["file"].pk].file.kind == "image"
        assert q["section"].pk not in answers


def test_an_empty_response_to_optional_questions_is_valid_and_empty(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        make_every_kind(form)
        response_form = build_form(form, {})
        assert response_form.is_valid(), response_form.errors
        assert response_form.answers == {}


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("short_text", {}, "Answer this question."),
        ("long_text", {}, "Answer this question."),
        ("number", {}, "Enter a number."),
        ("date", {}, "Enter a date."),
        ("single_choice", {"options": ["Ja", "Nej"]}, "Choose an answer."),
        ("multiple_choice", {"options": ["Ja", "Nej"]}, "Choose an answer."),
        ("file", {"file_kinds": ["pdf"]}, "Choose a file to send."),
        ("ranking", {"options": ["A", "B"]}, "Rank the items"),
    ],
)
def test_a_required_question_left_out_is_refused(tenant_a, kind, fields, message):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        question = make_question(form, kind, required=True, **fields)
        response_form = build_form(form, {})
        assert not response_form.is_valid()
        assert any(message in error for error in errors_of(response_form, question))


def test_multiple_choice_limits(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_every_kind(form)["multiple"]
        ids = [str(c.pk) for c in q.choices.all()]
        too_many = build_form(form, MultiValueDict({q.field_name: ids}))
        assert not too_many.is_valid()
        assert errors_of(too_many, q) == ["Choose at most 3."]
        too_few = build_form(form, MultiValueDict({q.field_name: ids[:1]}))
        assert not too_few.is_valid()
        assert errors_of(too_few, q) == ["Choose at least 2."]
        # "Other" counts as a choice; its text is required once it is ticked.
        with_other = build_form(form, MultiValueDict({q.field_name: [ids[0], "other"]}))
        assert not with_other.is_valid()
        assert errors_of(with_other, q) == ["Write your answer next to “Other”."]
        written = build_form(
            form, MultiValueDict({q.field_name: [ids[0]], f"{q.field_name}_other": ["Bad"]})
        )
        assert written.is_valid(), written.errors
        assert written.answers[q.pk].text == "Bad"
        assert written.answers[q.pk].choices == [int(ids[0])]


def test_a_choice_that_is_not_offered_is_refused(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_question(form, "single_choice", options=["Ja", "Nej"])
        response_form = build_form(form, {q.field_name: "999999"})
        assert not response_form.is_valid()
        assert "Select a valid choice" in errors_of(response_form, q)[0]


def test_invalid_numbers_and_dates_are_refused(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_every_kind(form)
        for value, message in (
            ("tolv", "Enter a number."),
            ("121", "less than or equal to 120"),
            ("-1", "greater than or equal to 0"),
            ("1.5", "no more than 0 decimal places"),
        ):
            response_form = build_form(form, {q["number"].field_name: value})
            assert not response_form.is_valid()
            assert message in errors_of(response_form, q["number"])[0], value
        bad_date = build_form(form, {q["date"].field_name: "2020-13-45"})
        assert not bad_date.is_valid()
        assert errors_of(bad_date, q["date"]) == ["Enter a valid date."]
        too_long = build_form(form, {q["short"].field_name: "x" * 21})
        assert not too_long.is_valid()


def test_a_ranking_must_be_complete_and_without_duplicates(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_every_kind(form)["ranking"]
        a, b, c = (option(q, label) for label in "ABC")

        duplicate = build_form(form, {f"{q.field_name}_{a.pk}": "1", f"{q.field_name}_{b.pk}": "1",
                                      f"{q.field_name}_{c.pk}": "2"})  # fmt: skip
        assert not duplicate.is_valid()
        assert "same rank" in errors_of(duplicate, q)[0]
        incomplete = build_form(
            form, {f"{q.field_name}_{a.pk}": "1", f"{q.field_name}_{b.pk}": "2"}
        )
        assert not incomplete.is_valid()
        assert "incomplete" in errors_of(incomplete, q)[0]
        out_of_range = build_form(form, {f"{q.field_name}_{a.pk}": "4"})
        assert not out_of_range.is_valid()


def test_a_top_n_ranking_ranks_only_n_items(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_question(form, "ranking", options=["A", "B", "C", "D"], max_choices=2)
        a, b = option(q, "A"), option(q, "B")
        valid = build_form(form, {f"{q.field_name}_{a.pk}": "2", f"{q.field_name}_{b.pk}": "1"})
        assert valid.is_valid(), valid.errors
        assert valid.answers[q.pk].ranks == {a.pk: 2, b.pk: 1}


def test_a_required_matrix_needs_every_row(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_question(
            form, "matrix", options=["Ja", "Nej"], rows=["Parken", "Torget"], required=True
        )
        yes = option(q, "Ja")
        partial = build_form(form, {f"{q.field_name}_r{row(q, 'Parken').pk}": str(yes.pk)})
        assert not partial.is_valid()
        assert errors_of(partial, q) == ["Answer every row; missing: Torget."]
        # A row answered with another question's column is not a valid choice.
        wrong = build_form(form, {f"{q.field_name}_r{row(q, 'Parken').pk}": "999999"})
        assert not wrong.is_valid()


@pytest.mark.parametrize(
    ("kinds", "name", "content", "message"),
    [
        (["image"], "bild.png", b"MZ\x90\x00 not an image", "is not an image"),
        (["image"], "doc.pdf", pdf_bytes(), "is not an image"),
        (["pdf"], "bild.pdf", b"GIF89a fake", "is not a PDF"),
        (["pdf"], "script.pdf", b"%PDF-1.4 /JavaScript (x)\n%%EOF", "is not a PDF"),
        (["image", "pdf"], "tom.png", b"", "is empty"),
        (["pdf"], "stor.pdf", b"%PDF-1.4" + b"0" * (1024 * 1024) + b"%%EOF", "larger than 1 MB"),
    ],
)
def test_files_are_checked_by_content_and_size(tenant_a, kinds, name, content, message):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_question(form, "file", file_kinds=kinds, file_max_mb=1)
        upload = SimpleUploadedFile(name, content)
        response_form = build_form(form, {}, MultiValueDict({q.field_name: [upload]}))
        assert not response_form.is_valid()
        assert message in " ".join(errors_of(response_form, q)), errors_of(response_form, q)


def test_a_pdf_is_accepted_where_pdfs_are(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = Form.objects.create()
        q = make_question(form, "file", file_kinds=["pdf"])
        upload = SimpleUploadedFile("protokoll.pdf", pdf_bytes())
        response_form = build_form(form, {}, MultiValueDict({q.field_name: [upload]}))
        assert response_form.is_valid(), response_form.errors
        assert response_form.answers[q.pk].file.kind == "pdf"


def conditional_form():
    """Do you cycle? -> (Yes) How often? -> (Daily) Which route? (required)."""
    form = Form.objects.create()
    cycle = make_question(form, "single_choice", "Cyklar du?", options=["Ja", "Nej"])
    often = make_question(
        form,
        "multiple_choice",
        "Hur ofta?",
        options=["Dagligen", "Ibland"],
        condition_choice=option(cycle, "Ja"),
        required=True,
    )
    route = make_question(
        form, "short_text", "Vilken väg?", condition_choice=option(often, "Dagligen"), required=True
    )
    return form, cycle, often, route


def test_a_conditional_question_is_required_only_when_shown(tenant_a):
    with schema_context(tenant_a.schema_name):
        form, cycle, often, route = conditional_form()
        no = build_form(form, {cycle.field_name: str(option(cycle, "Nej").pk)})
        assert no.is_valid(), no.errors
        yes = build_form(form, {cycle.field_name: str(option(cycle, "Ja").pk)})
        assert not yes.is_valid()
        assert errors_of(yes, often) == ["Choose an answer."]
        assert errors_of(yes, route) == []  # hidden: "Daily" was not chosen
        daily = build_form(
            form,
            MultiValueDict(
                {
                    cycle.field_name: [str(option(cycle, "Ja").pk)],
                    often.field_name: [str(option(often, "Dagligen").pk)],
                }
            ),
        )
        assert not daily.is_valid()
        assert errors_of(daily, route) == ["Answer this question."]


def test_answers_to_hidden_questions_are_dropped_with_their_errors(tenant_a):
    with schema_context(tenant_a.schema_name):
        form, cycle, often, route = conditional_form()
        response_form = build_form(
            form,
            MultiValueDict(
                {
                    cycle.field_name: [str(option(cycle, "Nej").pk)],
                    # Sent anyway (no JavaScript, or a crafted request): dropped, even
                    # an invalid choice, and the chain below it with it.
                    often.field_name: [str(option(often, "Dagligen").pk), "999999"],
                    route.field_name: ["Kungsgatan"],
                }
            ),
        )
        assert response_form.is_valid(), response_form.errors
        assert set(response_form.answers) == {cycle.pk}


def test_the_page_without_javascript_says_when_to_answer_a_conditional_question(tenant_a):
    with schema_context(tenant_a.schema_name):
        form, cycle, often, route = conditional_form()
        notes = {item.question.pk: item.note for item in build_form(form).items()}
        assert notes[cycle.pk] == ""
        assert notes[often.pk] == "Answer only if you chose “Ja” in “Cyklar du?”."
        assert notes[route.pk] == "Answer only if you chose “Dagligen” in “Hur ofta?”."
