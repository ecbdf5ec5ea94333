"""Demo budgets for `seed_demo`: the Hisingen participatory budget in its voting phase,
its projects handed over from the accepted proposals plus a few from the administration,
an e-ID requirement for voting, and some online and paper ballots, all made through the
action functions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from shared_apps.identity.actions import grant_verification, residence_attributes
from shared_apps.identity.models import Verification
from shared_apps.vocabularies.city import area_for_postal_code
from tenant_apps.budgets import voting
from tenant_apps.budgets.admin_actions import save_budget, save_project
from tenant_apps.budgets.ballot_rules import Choice
from tenant_apps.budgets.paper import enter_paper_ballot
from tenant_apps.proposals.handover import hand_over
from tenant_apps.spaces.models import Process

PROCESS = "medborgarbudget-hisingen-2027"
EXTRA_PROJECTS = [
    ("Lekplats i Backa", "Play area in Backa", 650_000),
    ("Blommor på Hjalmar Brantingsplatsen", "Flowers on Hjalmar Brantingsplatsen", 120_000),
    ("Boulebana vid Kvillebäcken", "Petanque court by Kvillebäcken", 90_000),
]
# Made-up personal numbers (valid check digit, not looked up): demo data only. Postal codes on
# Hisingen, so the voters live in the areas the budget is for.
VOTERS = [
    ("erik@torget.example", "Erik Ek", "198112189876", "41705"),
    ("fatima@torget.example", "Fatima Fors", "199001012385", "41741"),
    ("goran@torget.example", "Göran Gran", "197605252399", "41831"),
]
PAPER = ["194001012394", "195512312397"]


def seed_tenant_budgets(admin: Any, account: Callable[..., Any]) -> int:
    """Add the demo budget, projects and ballots if missing; return how many budgets."""
    process = Process.objects.filter(slug=PROCESS).first()
    component = process.components.filter(type="budgets").first() if process else None
    if process is None or component is None or component.budgets.exists():
        return 0
    ideas = process.components.filter(type="proposals").first()
    with transaction.atomic():
        component.permissions = {
            "vote": {"verifications": ["eid"], "options": {"eid": {"resident": True}}}
        }
        component.save(update_fields=["permissions"])
        budget = save_budget(
            admin,
            component,
            None,
            {
                "title_sv": "Hela Hisingen",
                "title_en": "All of Hisingen",
                "description_sv": "<p>Välj projekt för upp till 2 miljoner kronor.</p>",
                "description_en": "<p>Choose projects for up to 2 million kronor.</p>",
                "amount": 2_000_000,
                "ballot_rule": "knapsack",
                "min_share": 40,
                "outcome_rule": "equal_shares",
                "completion": "add1",
            },
        )
        if ideas is not None:
            hand_over(admin, ideas, component)
        for title_sv, title_en, cost in EXTRA_PROJECTS:
            save_project(
                admin,
                budget,
                None,
                {
                    "title_sv": title_sv,
                    "title_en": title_en,
                    "cost": cost,
                    "description_sv": f"<p>{title_sv}.</p>",
                    "description_en": f"<p>{title_en}.</p>",
                },
            )
    projects = list(budget.projects.order_by("cost"))
    for number, (email, name, pnr, postal_code) in enumerate(VOTERS):
        voter = account(email, name)
        if not Verification.objects.filter(user=voter, handler="eid").exists():
            code = area_for_postal_code(postal_code)
            attributes = residence_attributes(code) if code else {}
            grant_verification(voter, "eid", attributes=attributes, identifier=("se-pnr", pnr))
        spent = 0
        for project in projects[number:]:
            if spent + project.cost <= budget.amount:
                voting.add_project(voter, budget, project.pk)
                spent += project.cost
        voting.submit_ballot(voter, budget)
    for number, pnr in enumerate(PAPER):
        chosen, spent = [], 0
        for project in sorted(projects, key=lambda p: -p.cost)[number:]:
            if spent + project.cost <= budget.amount:
                chosen.append(project)
                spent += project.cost
        enter_paper_ballot(
            admin, budget, [Choice(p.pk, p.cost) for p in chosen], personal_number=pnr
        )
    return 1
