"""The process designs the platform ships in the city-wide library.

They are good starting points every administration can use: a participatory budget in
four phases, a call for ideas, and a citizen dialogue. Texts are in Swedish and English;
`ensure_city_library()` adds the ones missing (by Swedish name).
"""

from __future__ import annotations

from typing import Any

from shared_apps.designs.models import CityTemplate


def _phase(sv: str, en: str, offset: int, days: int, desc_sv: str, desc_en: str) -> dict[str, Any]:
    return {
        "title_sv": sv,
        "title_en": en,
        "description_sv": desc_sv,
        "description_en": desc_en,
        "offset_days": offset,
        "duration_days": days,
    }


def _page(sv: str, en: str, body_sv: str, body_en: str, **phase_settings: Any) -> dict[str, Any]:
    return {
        "type": "pages",
        "name_sv": sv,
        "name_en": en,
        "published": True,
        "settings": {},
        "phase_settings": phase_settings,
        "content": {"body_sv": body_sv, "body_en": body_en},
    }


NEWS = {
    "type": "news",
    "name_sv": "Nyheter",
    "name_en": "News",
    "published": True,
    "settings": {"posts_per_page": 10},
    "phase_settings": {},
}


def _proposals(sv: str, en: str, phases: dict[str, dict[str, bool]]) -> dict[str, Any]:
    """A proposals component; `phases` maps a phase index to what residents may do."""
    return {
        "type": "proposals",
        "name_sv": sv,
        "name_en": en,
        "published": True,
        "settings": {"support_limit": 10},
        "phase_settings": phases,
    }


LIBRARY: list[dict[str, Any]] = [
    {
        "name_sv": "Medborgarbudget",
        "name_en": "Participatory budget",
        "description_sv": "Invånare föreslår, förvaltningen granskar, invånare röstar och "
        "förvaltningen redovisar resultatet. Fyra faser på fyra månader.",
        "description_en": "Residents suggest, the administration reviews, residents vote "
        "and the administration reports the results. Four phases over four months.",
        "design": {
            "version": 1,
            "process": {
                "subtitle_sv": "Du bestämmer hur en del av budgeten används",
                "subtitle_en": "You decide how part of the budget is spent",
                "summary_sv": "Lämna idéer, rösta på de förslag som går att genomföra och "
                "följ projekten tills de är klara.",
                "summary_en": "Suggest ideas, vote for the feasible ones and follow the "
                "projects until they are done.",
                "description_sv": "<p>Alla som bor i området kan lämna idéer och rösta.</p>",
                "description_en": "<p>Everyone who lives in the area can suggest and vote.</p>",
                "duration_days": 120,
            },
            "phases": [
                _phase("Idéer", "Ideas", 0, 30, "Lämna dina idéer.", "Suggest your ideas."),
                _phase(
                    "Granskning",
                    "Review",
                    30,
                    30,
                    "Förvaltningen granskar om idéerna går att genomföra.",
                    "The administration checks whether the ideas are feasible.",
                ),
                _phase("Omröstning", "Vote", 60, 30, "Rösta på projekten.", "Vote for projects."),
                _phase(
                    "Resultat",
                    "Results",
                    90,
                    30,
                    "Se vilka projekt som vann och hur det går.",
                    "See which projects won and how they progress.",
                ),
            ],
            "components": [
                _page(
                    "Så fungerar det",
                    "How it works",
                    "<h2>Vem får vara med?</h2><p>Alla som bor i området och har fyllt 12 år.</p>"
                    "<h2>Hur röstar jag?</h2><p>Välj projekt inom budgeten och skicka din röst."
                    " Du får ett kvitto.</p>",
                    "<h2>Who can take part?</h2><p>Everyone aged 12 or over who lives in the "
                    "area.</p><h2>How do I vote?</h2><p>Choose projects within the budget and "
                    "submit your vote. You get a receipt.</p>",
                    **{
                        "0": {"announcement_sv": "Nu samlar vi in idéer!"},
                        "2": {
                            "announcement_sv": "Omröstningen är öppen.",
                            "announcement_en": "Voting is open.",
                        },
                    },
                ),
                _proposals(
                    "Idéer",
                    "Ideas",
                    {
                        "0": {"creation_enabled": True, "supports_enabled": True},
                        "1": {"comments_enabled": True},
                        "2": {"comments_enabled": False, "answers_published": True},
                        "3": {"comments_enabled": False, "answers_published": True},
                    },
                ),
                {
                    "type": "budgets",
                    "name_sv": "Omröstning",
                    "name_en": "Vote",
                    "published": True,
                    "settings": {"budget_mode": "any_one", "allow_vote_change": True},
                    "phase_settings": {
                        "2": {"votes_enabled": True},
                        "3": {"show_votes": True},
                    },
                },
                NEWS,
            ],
        },
    },
    {
        "name_sv": "Idéinsamling",
        "name_en": "Call for ideas",
        "description_sv": "Samla in idéer om en fråga, välj ut och berätta vad som händer.",
        "description_en": "Collect ideas on a question, select and say what happens next.",
        "design": {
            "version": 1,
            "process": {
                "summary_sv": "Vi vill höra dina idéer.",
                "summary_en": "We want to hear your ideas.",
                "duration_days": 90,
            },
            "phases": [
                _phase("Idéer", "Ideas", 0, 45, "Lämna dina idéer.", "Suggest your ideas."),
                _phase("Urval", "Selection", 45, 20, "Vi väljer ut.", "We select."),
                _phase("Återkoppling", "Feedback", 65, 25, "Vi berättar.", "We report back."),
            ],
            "components": [
                _page(
                    "Om idéinsamlingen",
                    "About the call",
                    "<p>Beskriv här vad idéerna ska handla om.</p>",
                    "<p>Describe here what the ideas should be about.</p>",
                ),
                _proposals(
                    "Idéer",
                    "Ideas",
                    {
                        "0": {
                            "creation_enabled": True,
                            "supports_enabled": True,
                            "likes_enabled": True,
                        },
                        "1": {"supports_enabled": True},
                        "2": {"comments_enabled": False, "answers_published": True},
                    },
                ),
                NEWS,
            ],
        },
    },
    {
        "name_sv": "Medborgardialog",
        "name_en": "Citizen dialogue",
        "description_sv": "En dialog i tre steg: samtal, sammanställning och återkoppling.",
        "description_en": "A dialogue in three steps: conversation, summary and feedback.",
        "design": {
            "version": 1,
            "process": {
                "summary_sv": "Var med och samtala om frågan.",
                "summary_en": "Join the conversation on the question.",
                "duration_days": 75,
            },
            "phases": [
                _phase("Dialog", "Dialogue", 0, 30, "Tyck till.", "Have your say."),
                _phase("Sammanställning", "Summary", 30, 20, "Vi sammanställer.", "We summarise."),
                _phase("Återkoppling", "Feedback", 50, 25, "Vi berättar.", "We report back."),
            ],
            "components": [
                _page(
                    "Bakgrund",
                    "Background",
                    "<p>Bakgrund till dialogen.</p>",
                    "<p>Background to the dialogue.</p>",
                ),
                NEWS,
            ],
        },
    },
]


def ensure_city_library() -> list[CityTemplate]:
    """Add the shipped templates that the library does not have yet; return all of them."""
    templates = []
    for spec in LIBRARY:
        template, _created = CityTemplate.objects.get_or_create(
            name_sv=spec["name_sv"], source_tenant=None, defaults=spec
        )
        templates.append(template)
    return templates
