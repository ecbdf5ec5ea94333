"""Demo debates for `seed_demo`: in the idrott dialogue (spontanidrott-angered), a
debates component with an open debate argued on both sides and a closed one with the
administration's conclusion, made through the action functions so the search index,
participation rows and inboxes fill as they would in real use.

Call from seed_demo inside the tenant's schema, after the spaces and accounts exist:

    from tenant_apps.debates.demo import seed_tenant_debates
    created += seed_tenant_debates(admin, _account)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from tenant_apps.comments.actions import post_comment
from tenant_apps.comments.models import Alignment
from tenant_apps.debates.actions import close_debate, save_debate, set_published
from tenant_apps.proposals.demo import RESIDENTS
from tenant_apps.spaces.actions import add_component, set_component_published
from tenant_apps.spaces.models import Process

PROCESS = "spontanidrott-angered"

# (question sv, question en, background sv, background en, days open, arguments,
#  conclusion sv, conclusion en); an argument is (resident index, alignment, text).
DEBATES: list[tuple[Any, ...]] = [
    (
        "Ska spontanidrottsplatsen vid Angereds torg ha belysning till kl. 23?",
        "Should the street sports area at Angered square be lit until 11 pm?",
        "Platsen är i dag upplyst till kl. 21. Flera föreningar vill ha längre tid, "
        "grannar har frågat om ljud och ljus sent på kvällen.",
        "The area is lit until 9 pm today. Several clubs want longer hours; neighbours "
        "have asked about noise and light late in the evening.",
        30,
        [
            (0, Alignment.IN_FAVOUR, "Unga har ingen annanstans att vara på kvällarna."),
            (1, Alignment.AGAINST, "Vi som bor närmast behöver kunna sova."),
            (2, Alignment.IN_FAVOUR, "Belysning gör platsen tryggare för alla."),
            (3, Alignment.NEUTRAL, "Kan man prova ett halvår och sedan utvärdera?"),
        ],
        "",
        "",
    ),
    (
        "Ska konstgräsplanen i Hjällbo bytas mot ett annat underlag?",
        "Should the artificial turf pitch in Hjällbo get another surface?",
        "Konstgräs sprider mikroplaster. Ett alternativ är naturgräs, som tål mindre spel.",
        "Artificial turf spreads microplastics. An alternative is natural grass, which "
        "takes less play.",
        None,
        [
            (1, Alignment.IN_FAVOUR, "Mikroplasterna hamnar i Lärjeån."),
            (2, Alignment.AGAINST, "Naturgräs räcker inte för alla lag som tränar här."),
            (0, Alignment.AGAINST, "Bygg hellre en fälla för granulatet."),
        ],
        "Planen behåller konstgräs men får granulatfällor och ett nytt underlag utan "
        "gummigranulat 2027. Tack för alla argument!",
        "The pitch keeps artificial turf but gets granulate traps and a new surface "
        "without rubber granulate in 2027. Thank you for every argument!",
    ),
]


def seed_tenant_debates(admin: Any, account: Callable[..., Any]) -> int:
    """Add the demo debates if the demo process has none yet; return how many."""
    process = Process.objects.filter(slug=PROCESS).first()
    if process is None or process.components.filter(type="debates").exists():
        return 0
    residents = [account(email, name) for email, name in RESIDENTS]
    now = timezone.now()
    with transaction.atomic():
        component = add_component(
            process, by=admin, type="debates", name_sv="Debatter", name_en="Debates"
        )
        set_component_published(component, True, by=admin)
        for spec in DEBATES:
            title_sv, title_en, background_sv, background_en, days, arguments = spec[:6]
            debate = save_debate(
                admin,
                component,
                None,
                {
                    "title_sv": title_sv,
                    "title_en": title_en,
                    "background_sv": background_sv,
                    "background_en": background_en,
                    "opens_at": now - timedelta(days=2),
                    "closes_at": now + timedelta(days=days) if days else None,
                },
            )
            set_published(admin, debate, True)
            for resident, alignment, text in arguments:
                post_comment(
                    residents[resident],
                    component,
                    "debate",
                    debate.pk,
                    body=text,
                    alignment=alignment,
                )
            if spec[6]:
                close_debate(admin, debate, conclusion_sv=spec[6], conclusion_en=spec[7])
    return len(DEBATES)
