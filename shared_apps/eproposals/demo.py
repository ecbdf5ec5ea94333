"""The demo city's e-proposals: one in every stage, so `make run` shows the whole life
(awaiting review, open for support, awaiting routing, under investigation and overdue,
decided with a follow-up and carried out, closed with its final count, not published).

Everything goes through the action functions; only dates are moved back afterwards, so
the demo shows e-proposals that are weeks or months old. Idempotent: does nothing when
any e-proposal exists.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership, User
from shared_apps.eproposals import actions, handling, supports
from shared_apps.eproposals.models import EProposal, EProposalSettings, Event, RoutingRule
from shared_apps.identity.actions import grant_verification
from shared_apps.vocabularies.models import Area, Category
from tenants.actions import ensure_public_tenant
from tenants.models import Tenant

OFFICER = "e-forslag@torget.example"
# The routing rules officers start from: topic → the administration or company.
RULES = [
    ("parker", "stadsmiljo"),
    ("trafik", "stadsmiljo"),
    ("miljo", "stadsmiljo"),
    ("kultur", "kultur"),
    ("idrott", "idrott"),
    ("barn-och-unga", "idrott"),
    ("trygghet", "sdf-hisingen"),
    ("aldre", "sdf-hisingen"),
    ("boende", "bostadsbolaget"),
]


def _supporters(count: int) -> list[User]:
    """Return `count` verified demo residents (fictional identities; no password)."""
    people = []
    areas = list(Area.objects.values_list("slug", flat=True))
    for n in range(count):
        email = f"stod-{n:03d}@demo.torget.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, None, display_name=f"Invånare {n:03d}")
            grant_verification(
                user,
                "in_person",
                attributes={"area": areas[n % len(areas)], "municipality": "1480"},
                identifier=("demo-person", f"{n:03d}"),
                evidence="demo",
            )
        people.append(user)
    return people


def _propose(author: User, title: str, body: str, area: str, category: str) -> EProposal:
    return actions.submit(
        author,
        title=title,
        body=body,
        area=Area.objects.get(slug=area),
        category=Category.objects.get(slug=category),
    )


def _back(eproposal: EProposal, days: int) -> None:
    """Move every date of the e-proposal and its history `days` into the past."""
    shift = timedelta(days=days)
    fields = [
        "created",
        "published_at",
        "support_ends",
        "threshold_reached_at",
        "closed_at",
        "routed_at",
        "forwarded_at",
        "received_at",
        "investigating_at",
        "decided_at",
        "carried_out_at",
    ]
    eproposal.refresh_from_db()
    changes = {f: getattr(eproposal, f) - shift for f in fields if getattr(eproposal, f)}
    if eproposal.answer_due:
        changes["answer_due"] = eproposal.answer_due - shift
    if eproposal.decision_date:
        changes["decision_date"] = eproposal.decision_date - shift
    EProposal.objects.filter(pk=eproposal.pk).update(**changes)
    for event in eproposal.events.all():
        Event.objects.filter(pk=event.pk).update(created=event.created - shift)
    eproposal.supports.update(created=timezone.now() - shift)


def seed_eproposals(account: Callable[..., User], staff_setup: Callable[[User], object]) -> int:
    """Add the demo e-proposals if there are none; return how many were created."""
    if EProposal.objects.exists():
        return 0
    officer = account(OFFICER, "Stadens e-förslagsredaktion")
    Membership.objects.get_or_create(
        user=officer, tenant=ensure_public_tenant(), role=Membership.Role.MODERATOR
    )
    officer.forget_roles()
    staff_setup(officer)
    tenants = {t.slug: t for t in Tenant.objects.ready()}
    for category, slug in RULES:
        if slug in tenants:
            RoutingRule.objects.get_or_create(
                category=Category.objects.get(slug=category),
                area=None,
                defaults={"tenant": tenants[slug]},
            )
    config = EProposalSettings.current()
    people = _supporters(config.threshold + 12)
    proposer, *crowd = people
    created = []

    with transaction.atomic():
        # Decided, followed up by a culture process, carried out.
        decided = _propose(
            crowd[0],
            "Längre öppettider på stadsbiblioteket",
            "Stadsbiblioteket stänger 19 på vardagar. Många som arbetar eller pluggar hinner "
            "inte dit. Håll öppet till 21 minst tre dagar i veckan.",
            "centrum",
            "kultur",
        )
        actions.publish(officer, decided, tenant=tenants["kultur"])
        for person in crowd[1 : config.threshold + 1]:
            supports.support(person, decided)
        # The committee took 47 days from the threshold to its decision.
        _back(decided, 47)
        kultur_admin = Membership.objects.filter(
            tenant=tenants["kultur"], role=Membership.Role.ADMIN
        ).first()
        if kultur_admin:
            admin = kultur_admin.user
            handling.receive(admin, decided)
            handling.investigate(admin, decided)
            handling.decide(
                admin,
                decided,
                decision=EProposal.Decision.PARTLY,
                text="Kulturnämnden beslutade att stadsbiblioteket håller öppet till 21 på "
                "tisdagar och torsdagar från februari 2027, på prov i ett år. Fler kvällar "
                "ryms inte i budgeten.",
                decided_on=timezone.localdate(),
                minutes_url="https://example.org/kulturnamnden/protokoll-2026-10.pdf",
            )
            with schema_context(tenants["kultur"].schema_name):
                from tenant_apps.spaces.models import Process

                process = Process.objects.filter(slug="kulturnatta-2027").first()
                if process:
                    handling.add_follow_up(
                        admin,
                        decided,
                        kind="process",
                        object_id=process.pk,
                        title_sv=process.title_sv,
                        title_en=process.title_en,
                        path=process.get_absolute_url(),
                    )
            handling.mark_carried_out(admin, decided)
        _back(decided, 120)
        created.append(decided)

        # Over the threshold, under investigation, and late with its answer.
        late = _propose(
            crowd[1],
            "Konstgräsplan i Kortedala",
            "Grusplanen vid Kortedala torg är lerig halva året. Lägg konstgräs så att barn "
            "och ungdomar kan spela fotboll året runt.",
            "ostra-goteborg",
            "idrott",
        )
        actions.publish(officer, late, tenant=tenants["idrott"])
        for person in crowd[2 : config.threshold + 2]:
            supports.support(person, late)
        idrott_admin = Membership.objects.filter(
            tenant=tenants["idrott"], role=Membership.Role.ADMIN
        ).first()
        if idrott_admin:
            handling.receive(idrott_admin.user, late)
            handling.investigate(idrott_admin.user, late)
        _back(late, config.answer_days + 20)
        created.append(late)

        # Open for support, routed, well on its way.
        open_routed = _propose(
            proposer,
            "Fler cykelställ vid Järntorget",
            "Cyklarna står överallt runt Järntorget eftersom ställen är fulla. Sätt upp fler "
            "cykelställ, gärna under tak.",
            "majorna-linne",
            "trafik",
        )
        actions.publish(officer, open_routed, tenant=tenants["stadsmiljo"])
        for person in crowd[10:55]:
            supports.support(person, open_routed)
        _back(open_routed, 20)
        created.append(open_routed)

        # Open for support, not routed yet (the officers' queue shows it).
        open_unrouted = _propose(
            crowd[3],
            "Utegym i Bergsjön",
            "Bygg ett utegym vid Bergsjöskolan som alla kan använda gratis, med belysning så "
            "att det går att träna på kvällen.",
            "ostra-goteborg",
            "idrott",
        )
        actions.publish(officer, open_unrouted)
        for person in crowd[60:72]:
            supports.support(person, open_unrouted)
        created.append(open_unrouted)

        # Closed without enough support, with its final count.
        closed = _propose(
            crowd[4],
            "Hundrastgård i Slottsskogen",
            "Det behövs en inhägnad hundrastgård i Slottsskogen där hundar får springa lösa.",
            "majorna-linne",
            "parker",
        )
        actions.publish(officer, closed, tenant=tenants["stadsmiljo"])
        for person in crowd[80:117]:
            supports.support(person, closed)
        _back(closed, config.support_days + 5)
        created.append(closed)

        # Awaiting review, and one not published (with the rule it broke).
        created.append(
            _propose(
                crowd[5],
                "Belysning på gångvägen vid Keillers park",
                "Gångvägen upp mot Ramberget är helt mörk på kvällen. Sätt upp belysning så "
                "att det känns tryggt att gå där.",
                "lundby",
                "trygghet",
            )
        )
        declined = _propose(
            crowd[6],
            "Köp in reklamskyltar från min firma",
            "Kommunen borde köpa alla sina skyltar från mitt företag, som är billigast.",
            "centrum",
            "trafik",
        )
        actions.decline(
            officer,
            declined,
            rule=EProposal.DeclineRule.COMMERCIAL,
            text="Förslaget gäller inköp från ett visst företag.",
        )
        created.append(declined)
    actions.close_expired()
    return len(created)


def officer_line() -> str:
    return f"    e-proposal officer {OFFICER}  (/ops/e-proposals/)"


__all__ = ["officer_line", "seed_eproposals"]
