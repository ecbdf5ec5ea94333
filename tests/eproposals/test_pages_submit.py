"""Submitting an e-proposal: sign-in and verification first, bad input kept and said,
images with descriptions, and similar e-proposals shown before anything is written."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shared_apps.eproposals import search
from shared_apps.eproposals.models import EProposal, EProposalImage
from shared_apps.vocabularies.city import ensure_city_vocabularies
from tests.eproposals.factories import make_eproposal, settings_row, verified_resident
from tests.eproposals.pages import get, post, text

pytestmark = pytest.mark.django_db
S = EProposal.Status
URL = "/e-proposals/new/"
GOOD = {
    "step": "check",
    "title": "Cykelbana längs Mölndalsån",
    "body": "En sammanhängande cykelbana längs ån skulle göra det säkrare att cykla till jobbet.",
    "area": "centrum",
    "category": "",
    "place_name": "Mölndalsån",
}


@pytest.fixture(autouse=True)
def vocabularies(portal):
    ensure_city_vocabularies()


def png(name: str = "bild.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_it_sends_anonymous_visitors_to_sign_in_with_next(client, portal):
    response = get(client, URL)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/e-proposals/new/"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_unverified_resident_sees_what_is_needed_instead_of_the_form(
    client, portal, alice, language
):
    settings_row(submit_verifications=["in_person", "postal_code"])
    client.force_login(alice)
    response = get(client, URL, language)
    body = text(response)
    assert 'name="title"' not in body
    assert "/account/verify/postal-code/?next=%2Fe-proposals%2Fnew%2F" in body
    assert "/account/verifications/" in body
    assert post(client, URL, GOOD).status_code == 200
    assert not EProposal.objects.exists()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_verified_resident_submits_with_an_image_and_lands_on_the_page(client, portal, language):
    user = verified_resident("vera@example.org")
    client.force_login(user)
    form = get(client, URL, language)
    assert form.status_code == 200
    assert "/e-proposals/rules/" in text(form)
    response = post(client, URL, {**GOOD, "image_1": png(), "alt_1": "Ån en vårdag"}, language)
    assert response.status_code == 302, response.context["form"].errors
    eproposal = EProposal.objects.get()
    assert response["Location"] == f"/e-proposals/{eproposal.pk}/"
    assert eproposal.status == S.PENDING
    assert eproposal.author == user
    assert eproposal.area.slug == "centrum"
    assert eproposal.place_name == "Mölndalsån"
    assert EProposalImage.objects.get().alt_text == "Ån en vårdag"
    page = get(client, response["Location"], language)
    said = " ".join(str(m) for m in page.context["messages"])
    expected = {"sv": ("skickat för granskning", "90 dagar"), "en": ("sent for review", "90 days")}
    assert all(words in said for words in expected[language]), said


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "Kort"}, "title", "Write at least 5 characters."),
        ({"body": "För kort"}, "body", "Write at least 20 characters."),
    ],
)
def test_bad_text_is_said_and_kept(client, portal, change, field, message):
    client.force_login(verified_resident("vera@example.org"))
    response = post(client, URL, {**GOOD, **change}, "en")
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert "Mölndalsån" in text(response)
    assert not EProposal.objects.exists()


def test_image_problems_are_refused_and_nothing_is_written(client, portal):
    client.force_login(verified_resident("vera@example.org"))
    no_description = post(client, URL, {**GOOD, "image_1": png(), "alt_1": " "}, "en")
    assert no_description.status_code == 400
    assert "Describe the image" in text(no_description)
    too_many = {f"image_{n}": png(f"b{n}.png") for n in range(1, 5)}
    too_many.update({f"alt_{n}": "Bild" for n in range(1, 5)})
    response = post(client, URL, {**GOOD, **too_many}, "en")
    assert "At most 3 images." in text(response)
    not_image = SimpleUploadedFile("bild.png", b"just text, not a picture", "image/png")
    response = post(client, URL, {**GOOD, "image_1": not_image, "alt_1": "Bild"}, "en")
    assert response.status_code == 400
    assert "is not an image" in text(response)
    assert GOOD["title"] in text(response)
    assert not EProposal.objects.exists()
    assert not EProposalImage.objects.exists()


def test_similar_eproposals_are_shown_before_anything_is_written(client, portal):
    similar = make_eproposal(title="Cykelbana längs Mölndalsån hela vägen", supports_count=31)
    search.index(similar)
    unrelated = make_eproposal(title="Fler bänkar i Slottsskogen")
    search.index(unrelated)
    client.force_login(verified_resident("vera@example.org"))
    step_one = post(client, URL, {**GOOD, "alt_1": "Ån"}, "en")
    assert step_one.status_code == 200
    body = text(step_one)
    assert f'href="/e-proposals/{similar.pk}/"' in body
    assert f'href="/e-proposals/{unrelated.pk}/"' not in body
    assert "31 supports" in body
    assert "My e-proposal is not the same as these" in body
    assert "choose them again" in body
    assert 'value="confirm"' in body
    assert GOOD["body"] in body
    assert 'value="Ån"' in body
    assert EProposal.objects.count() == 2
    # "Submit" without the checkbox: still nothing written, the list shown again.
    unchecked = post(client, URL, {**GOOD, "step": "confirm"}, "en")
    assert unchecked.status_code == 400
    assert f'href="/e-proposals/{similar.pk}/"' in text(unchecked)
    assert EProposal.objects.count() == 2
    confirmed = post(client, URL, {**GOOD, "step": "confirm", "not_duplicate": "on"}, "en")
    assert confirmed.status_code == 302
    assert EProposal.objects.count() == 3


def test_without_similar_ones_it_submits_at_once(client, portal):
    search.index(make_eproposal(title="Fler bänkar i Slottsskogen"))
    client.force_login(verified_resident("vera@example.org"))
    assert post(client, URL, GOOD).status_code == 302
    assert EProposal.objects.filter(status=S.PENDING).count() == 1
