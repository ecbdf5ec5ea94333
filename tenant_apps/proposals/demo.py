"""Demo proposals for `seed_demo`: ideas with supports, comments and answers in the demo
processes that have a proposals component, made through the action functions where the
phase allows it, so inboxes fill as they would in real use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F

from shared_apps.vocabularies.models import Area, Category
from tenant_apps.comments.actions import post_comment
from tenant_apps.proposals import events
from tenant_apps.proposals.actions import _index, create_proposal
from tenant_apps.proposals.answers import answer_proposal
from tenant_apps.proposals.models import Proposal, Support
from tenant_apps.proposals.supports import support
from tenant_apps.spaces.models import Process

# Per process slug: (title, body, area, category, author index, answer state, answer).
IDEAS: dict[str, list[tuple[str, str, str, str, int, str, str]]] = {
    "medborgarbudget-hisingen-2027": [
        (
            "Utegym vid Kvillebäcken",
            "Ett enkelt utegym med räcken och bänkar längs ån.",
            "lundby",
            "parker",
            1,
            "accepted",
            "Går att genomföra för cirka 450 000 kr.",
        ),
        (
            "Belysning på gångvägen till Backa",
            "Det är mörkt och otryggt på kvällarna.",
            "norra-hisingen",
            "trafik",
            2,
            "accepted",
            "Vi kan sätta upp 20 nya lampor.",
        ),
        (
            "Odlingslotter på Lindholmen",
            "Gemensamma odlingslådor för boende i området.",
            "lundby",
            "parker",
            3,
            "accepted",
            "Ryms i budgeten; marken finns.",
        ),
        (
            "Ny simhall på Västra Hisingen",
            "En stor simhall med tävlingsbassäng.",
            "vastra-hisingen",
            "parker",
            0,
            "rejected",
            "En simhall kostar långt mer än budgeten. Idén går vidare till nämnden.",
        ),
        (
            "Cykelpump vid Wieselgrensplatsen",
            "En publik cykelpump och verktygsstation.",
            "lundby",
            "trafik",
            2,
            "accepted",
            "Billigt och enkelt; vi gör det.",
        ),
    ],
    "kulturnatta-2027": [
        (
            "Poesiuppläsning i spårvagnen",
            "Poeter läser på linje 11 under hela kvällen.",
            "centrum",
            "kultur",
            0,
            "",
            "",
        ),
        (
            "Ljusinstallation i Slottsskogen",
            "Ljuskonst längs promenadvägarna vid dammen.",
            "majorna-linne",
            "kultur",
            1,
            "",
            "",
        ),
        (
            "Öppen dansbana på Järntorget",
            "Alla får prova på bugg och salsa med lärare.",
            "majorna-linne",
            "kultur",
            2,
            "",
            "",
        ),
        (
            "Barnteater på biblioteket",
            "Korta föreställningar för de minsta, utan biljett.",
            "centrum",
            "kultur",
            3,
            "evaluating",
            "Vi pratar med Stadsbiblioteket.",
        ),
    ],
}
COMMENTS = [
    "Bra idé! Jag skulle använda det varje vecka.",
    "Finns det plats för det, tror ni?",
    "Ja, gärna – och tänk på tillgängligheten för rullstol.",
]
RESIDENTS = [
    ("invanare@torget.example", "Alva Invånare"),
    ("bengt@torget.example", "Bengt Berg"),
    ("cecilia@torget.example", "Cecilia Carlsson"),
    ("dalia@torget.example", "Dalia Dahl"),
]


def _closed_phase_proposal(component: Any, author: Any, spec: tuple[Any, ...]) -> Proposal:
    """Write a proposal from an earlier (closed) idea phase as the action would have."""
    title, body, area, category = spec[:4]
    proposal = Proposal.objects.create(
        component=component,
        author=author,
        title=title,
        body=body,
        area=Area.objects.filter(slug=area).first(),
        category=Category.objects.filter(slug=category).first(),
    )
    _index(proposal)
    events.proposal_created(proposal, author)
    return proposal


def seed_tenant_proposals(admin: Any, account: Callable[..., Any]) -> int:
    """Add the demo proposals that are missing in this tenant; return how many."""
    residents = [account(email, name) for email, name in RESIDENTS]
    created = 0
    for process_slug, ideas in IDEAS.items():
        process = Process.objects.filter(slug=process_slug).first()
        component = process.components.filter(type="proposals").first() if process else None
        if component is None or component.proposals.exists():
            continue
        open_for_ideas = component.current_settings()["creation_enabled"]
        with transaction.atomic():
            for number, spec in enumerate(ideas):
                author = residents[spec[4]]
                if open_for_ideas:
                    proposal = create_proposal(
                        author,
                        component,
                        {
                            "title": spec[0],
                            "body": spec[1],
                            "area": Area.objects.filter(slug=spec[2]).first(),
                            "category": Category.objects.filter(slug=spec[3]).first(),
                        },
                    )
                else:
                    proposal = _closed_phase_proposal(component, author, spec)
                supporters = [r for r in residents if r != author][: (number % 3) + 1]
                for supporter in supporters:
                    if component.current_settings()["supports_enabled"]:
                        support(supporter, proposal)
                    else:
                        Support.objects.create(
                            proposal=proposal, user=supporter, component=component
                        )
                        Proposal.objects.filter(pk=proposal.pk).update(
                            supports_count=F("supports_count") + 1
                        )
                if component.current_settings()["comments_enabled"]:
                    commenter = supporters[0]
                    post_comment(
                        commenter,
                        component,
                        "proposal",
                        proposal.pk,
                        body=COMMENTS[number % len(COMMENTS)],
                        alignment=1,
                    )
                if spec[5]:
                    # Accepted ideas carry the administration's cost estimate, which the
                    # handover to the budget's projects uses.
                    cost = 100_000 + 50_000 * number if spec[5] == "accepted" else None
                    answer_proposal(admin, proposal, state=spec[5], answer_sv=spec[6], cost=cost)
                created += 1
    return created
