"""Submitting an e-proposal, with the duplicate check before anything is written.

Step one ("Continue") validates the form and looks for similar public e-proposals in the
city-wide search. With none, it submits at once. With some, the form comes back with the
text kept, the similar ones listed, and a required "not the same as these" checkbox
("Submit"). Browsers cannot keep a chosen file between two requests, so when the list is
shown the images must be chosen again; the page says so next to the image fields (their
descriptions are kept).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shared_apps.eproposals import actions
from shared_apps.eproposals.errors import EProposalRefused, refusal_message
from shared_apps.eproposals.forms import IMAGE_SLOTS, EProposalForm
from shared_apps.eproposals.models import EProposal, EProposalSettings
from shared_apps.eproposals.verification import verified_person
from shared_apps.eproposals.views import portal_only, ways_to_verify
from shared_apps.search.queries import search, terms

MAX_SIMILAR = 5
# Words too common to say two e-proposals are alike.
_STOP = frozenset(
    [
        "att",
        "och",
        "det",
        "som",
        "för",
        "med",
        "till",
        "den",
        "har",
        "inte",
        "ett",
        "kan",
        "vill",
        "ska",
        "på",
        "av",
        "är",
        "en",
        "i",
        "om",
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "are",
        "not",
        "can",
    ]
)


def similar_eproposals(title: str, body: str) -> list[EProposal]:
    """Return up to MAX_SIMILAR public e-proposals like the title and description.

    The search matches documents with every word, so the title is tried first, then the
    longest words of title and description together (names of places and things), each
    time only e-proposals ("eproposal" documents of the portal)."""
    words = [word for word in terms(f"{title} {body}") if word not in _STOP]
    title_words = [word for word in terms(title) if word not in _STOP]
    longest = sorted(
        {word for word in terms(title) + words if len(word) > 3 and word not in _STOP},
        key=lambda word: (-len(word), word),
    )
    attempts = [" ".join(title_words), " ".join(longest[:3]), " ".join(longest[:1])]
    keys: list[int] = []
    language = get_language() or "sv"
    for query in dict.fromkeys(attempt for attempt in attempts if attempt):
        for hit in search(query, kind="eproposal", language=language).hits:
            key = hit.document.key.removeprefix("eproposal:")
            if key.isdigit() and int(key) not in keys:
                keys.append(int(key))
        if len(keys) >= MAX_SIMILAR:
            break
    found = {row.pk: row for row in EProposal.objects.public().filter(pk__in=keys)}
    return [found[pk] for pk in keys if pk in found][:MAX_SIMILAR]


def _render(request: HttpRequest, form: EProposalForm, **extra: Any) -> HttpResponse:
    config = EProposalSettings.current()
    context = {"form": form, "config": config, "similar": [], **extra}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "eproposals/eproposal_form.html", context, status=status)


@portal_only
def new(request: HttpRequest) -> HttpResponse:
    """Show the submit form, or what verification it needs; submit in one or two steps."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    config = EProposalSettings.current()
    if verified_person(request.user, config.submit_verifications) is None:
        return render(
            request,
            "eproposals/eproposal_verify.html",
            {
                "config": config,
                "ways": ways_to_verify(request, config.submit_verifications, request.path),
                "verifications_url": reverse("identity:list"),
            },
        )
    if request.method != "POST":
        return _render(request, EProposalForm())
    confirming = request.POST.get("step") == "confirm"
    form = EProposalForm(request.POST, request.FILES, confirming=confirming)
    if not form.is_valid():
        similar = []
        if confirming and {"title", "body"} <= set(form.cleaned_data):
            similar = similar_eproposals(form.cleaned_data["title"], form.cleaned_data["body"])
        return _render(request, form, confirming=confirming, similar=similar)
    if not confirming:
        similar = similar_eproposals(form.cleaned_data["title"], form.cleaned_data["body"])
        if similar:
            # Step two: the text kept, the similar list, the checkbox now required; no
            # error shown yet (nothing is wrong), so the form is unbound with initials.
            initial = {**form.cleaned_data}
            for number in IMAGE_SLOTS:
                initial.pop(f"image_{number}", None)
            form = EProposalForm(initial=initial, confirming=True)
            return _render(request, form, similar=similar, confirming=True)
    try:
        eproposal = actions.submit(
            request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            area=form.cleaned_data["area"],
            category=form.cleaned_data["category"],
            place_name=form.cleaned_data["place_name"],
            images=form.images(),
        )
    except (EProposalRefused, ValidationError) as error:
        form.add_error(None, refusal_message(error))
        return _render(request, form, confirming=confirming)
    messages.success(
        request,
        _(
            "Thank you! Your e-proposal is sent for review. The city checks it against the "
            "rules, usually within a few working days; once published, it is open for support "
            "for %(days)d days and needs %(threshold)d supports to go on for an answer."
        )
        % {"days": config.support_days, "threshold": config.threshold},
    )
    return HttpResponseRedirect(eproposal.get_absolute_url())
