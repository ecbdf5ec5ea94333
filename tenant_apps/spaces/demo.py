"""Demo content for `seed_demo`: live processes across the demo tenants, made the way an
administrator would (from the city's templates, through the action functions), dated
relative to today so the city always looks alive."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from shared_apps.designs.models import CityTemplate
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.news.actions import save_post
from tenant_apps.spaces.actions import (
    create_assembly,
    save_assembly_member,
    set_space_published,
    update_process,
)
from tenant_apps.spaces.designs import instantiate_design
from tenant_apps.spaces.models import Assembly, Process

# Per tenant slug: processes (template, days since start, texts, areas, categories).
DEMO_PROCESSES: dict[str, list[dict[str, Any]]] = {
    "stadsmiljo": [
        {
            "template": "Medborgarbudget",
            "started_days_ago": 65,  # in the vote phase (days 60-89)
            "slug": "medborgarbudget-hisingen-2027",
            "title_sv": "Medborgarbudget Hisingen 2027",
            "title_en": "Participatory budget Hisingen 2027",
            "summary_sv": "Två miljoner kronor till idéer som gör Hisingen bättre. "
            "Omröstningen är öppen.",
            "summary_en": "Two million kronor for ideas that make Hisingen better. Voting is open.",
            "areas": ["vastra-hisingen", "norra-hisingen", "lundby"],
            "categories": ["parker", "trafik"],
            "promoted": True,
            "posts": [
                ("Omröstningen har öppnat", "Voting has opened", 5),
                ("32 idéer går vidare till omröstning", "32 ideas go on to the vote", 12),
            ],
        },
    ],
    "kultur": [
        {
            "template": "Idéinsamling",
            "started_days_ago": 10,
            "slug": "kulturnatta-2027",
            "title_sv": "Idéer för Kulturnatta 2027",
            "title_en": "Ideas for Kulturnatta 2027",
            "summary_sv": "Vad ska hända under Kulturnatta? Lämna din idé senast om en månad.",
            "summary_en": "What should happen during Kulturnatta? Send your idea within a month.",
            "areas": ["centrum", "majorna-linne"],
            "categories": ["kultur"],
            "posts": [("Idéinsamlingen är igång", "The call for ideas has started", 9)],
        },
    ],
    "idrott": [
        {
            "template": "Medborgardialog",
            "started_days_ago": 3,
            "slug": "spontanidrott-angered",
            "title_sv": "Dialog: nya spontanidrottsplatser i Angered",
            "title_en": "Dialogue: new street sports areas in Angered",
            "summary_sv": "Var ska nästa spontanidrottsplats ligga, och vad ska finnas där?",
            "summary_en": "Where should the next street sports area be, and what should it have?",
            "areas": ["angered"],
            "categories": ["idrott", "barn-och-unga"],
            "posts": [],
        },
    ],
    "sdf-hisingen": [
        {
            "template": "Medborgardialog",
            "started_days_ago": -20,  # starts in 20 days
            "slug": "trygghetsvandringar-2027",
            "title_sv": "Trygghetsvandringar 2027",
            "title_en": "Safety walks 2027",
            "summary_sv": "Följ med på kvällsvandringar och berätta var du känner dig otrygg.",
            "summary_en": "Join evening walks and tell us where you feel unsafe.",
            "areas": ["vastra-hisingen"],
            "categories": ["trygghet"],
            "posts": [],
        },
    ],
    "bostadsbolaget": [
        {
            "template": "Idéinsamling",
            "started_days_ago": 200,  # finished
            "slug": "gardar-backa-2026",
            "title_sv": "Nya gårdar i Backa",
            "title_en": "New courtyards in Backa",
            "summary_sv": "Hyresgästerna tyckte till om gårdarna. Så här blev det.",
            "summary_en": "Tenants gave their views on the courtyards. This is the result.",
            "areas": ["norra-hisingen"],
            "categories": ["boende"],
            "posts": [("Gårdarna är klara", "The courtyards are finished", 30)],
        },
    ],
}

DEMO_ASSEMBLIES: dict[str, list[dict[str, Any]]] = {
    "sdf-hisingen": [
        {
            "slug": "ungdomsradet-hisingen",
            "title_sv": "Ungdomsrådet Hisingen",
            "title_en": "Hisingen Youth Council",
            "purpose_sv": "Unga mellan 13 och 19 år ger råd till förvaltningen i frågor som "
            "rör unga på Hisingen.",
            "purpose_en": "Young people aged 13 to 19 advise the administration on matters "
            "that concern young people on Hisingen.",
            "members": [("Amira", "Ordförande", "Chair"), ("Elias", "Sekreterare", "Secretary")],
        },
    ],
}


def seed_tenant_spaces(tenant_slug: str, admin: Any) -> int:
    """Create the tenant's demo processes and assemblies that are missing; return how many
    were created. Runs inside the tenant's schema."""
    created = 0
    today = timezone.localdate()
    for spec in DEMO_PROCESSES.get(tenant_slug, []):
        if Process.objects.filter(slug=spec["slug"]).exists():
            continue
        template = CityTemplate.objects.get(name_sv=spec["template"], source_tenant=None)
        with transaction.atomic():
            process = instantiate_design(
                template.design,
                by=admin,
                slug=spec["slug"],
                title_sv=spec["title_sv"],
                title_en=spec["title_en"],
                starts=today - timedelta(days=spec["started_days_ago"]),
                template_name=template.name_sv,
            )
            update_process(
                process,
                by=admin,
                data={
                    "summary_sv": spec["summary_sv"],
                    "summary_en": spec["summary_en"],
                    "promoted": spec.get("promoted", False),
                },
                areas=Area.objects.filter(slug__in=spec["areas"]),
                categories=Category.objects.filter(slug__in=spec["categories"]),
            )
            set_space_published(process, True, by=admin)
            news = process.components.filter(type="news").first()
            for title_sv, title_en, days_ago in spec["posts"]:
                assert news is not None, "the template has a news component"
                save_post(
                    news,
                    by=admin,
                    data={
                        "title_sv": title_sv,
                        "title_en": title_en,
                        "body_sv": f"<p>{title_sv}. Läs mer på processens sida.</p>",
                        "body_en": f"<p>{title_en}. Read more on the process page.</p>",
                        "published_at": timezone.now() - timedelta(days=days_ago),
                    },
                )
        created += 1
    for spec in DEMO_ASSEMBLIES.get(tenant_slug, []):
        if Assembly.objects.filter(slug=spec["slug"]).exists():
            continue
        fields = {key: value for key, value in spec.items() if key != "members"}
        with transaction.atomic():
            assembly = create_assembly(by=admin, data=fields)
            for name, role_sv, role_en in spec["members"]:
                save_assembly_member(
                    assembly, by=admin, data={"name": name, "role_sv": role_sv, "role_en": role_en}
                )
            set_space_published(assembly, True, by=admin)
        created += 1
    return created
