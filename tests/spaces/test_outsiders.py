"""Outsiders get 404 everywhere: every /manage/ URL, every public URL of another tenant's
spaces, unpublished spaces and hidden components (Definition of Done).

One world is built in tenant A (see `world`), then every URL pattern of the "manage"
namespace is requested by charlie (admin of tenant B), alice (a resident), an anonymous
visitor and bob (tenant A's admin), in that order; only bob may change anything.
A test walks the URL resolver so a new /manage/ URL without a case here fails the suite.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership
from shared_apps.designs.models import CityTemplate
from shared_apps.identity.models import Verification
from shared_apps.portal.models import CatalogEntry
from shared_apps.vocabularies.city import ensure_city_vocabularies
from tenant_apps.actionlog.models import Action
from tenant_apps.budgets.models import (
    Ballot,
    Budget,
    Milestone,
    Outcome,
    Project,
    ProjectUpdate,
)
from tenant_apps.comments.models import Comment
from tenant_apps.debates.models import Debate
from tenant_apps.forms.build import AnswerValue
from tenant_apps.forms.files import CheckedFile
from tenant_apps.forms.models import Answer, Question
from tenant_apps.forms.saving import save_response
from tenant_apps.meetings.models import AgendaItem, Meeting, Registration
from tenant_apps.meetings.registration_form import registration_form_of
from tenant_apps.moderation.actions import report
from tenant_apps.moderation.models import Block, ModerationSettings, Report
from tenant_apps.news.models import Post
from tenant_apps.pages.models import Page
from tenant_apps.proposals.handover import (
    CreatedItem,
    Receiver,
    register_receiver,
    unregister_receiver,
)
from tenant_apps.proposals.models import CustomState, EvaluatorAssignment, Proposal, ProposalLink
from tenant_apps.spaces.models import (
    Assembly,
    AssemblyMember,
    Component,
    Phase,
    Process,
    ProcessTemplate,
)
from tenant_apps.surveys.actions import get_survey
from tenant_apps.surveys.models import Survey
from tenant_apps.verification.codes import create_batch
from tenants.actions import ensure_public_tenant, onboard_tenant
from tenants.models import Tenant
from tenants.roles import grant_role
from tests.conftest import activate_totp, host_of, make_user, sign_in
from tests.forms.factories import png_bytes
from tests.spaces.factories import BUDGET_DESIGN, make_component, make_process

pytestmark = pytest.mark.django_db

TENANT_URLCONF = "config.urls_tenants"


# --- the world ----------------------------------------------------------------------


def build_world(tenant: Tenant, admin: Any) -> SimpleNamespace:
    """Build tenant A's spaces: published and unpublished, visible and hidden."""
    moderator = make_user("mona@example.org", "Mona Moderator")
    membership = grant_role(tenant, moderator, Membership.Role.MODERATOR, by=admin)
    activate_totp(moderator)
    earlier = timezone.now() - timedelta(hours=1)
    with schema_context(tenant.schema_name):
        # 61 days in two 30-day phases: the last day is free for one more phase.
        process = make_process("parken", days=61, phases=2, title_sv="Parken vid ån")
        phase1, phase2 = process.phases.order_by("position")
        page = make_component(process, "pages", name_sv="Om parken")
        Page.objects.filter(component=page).update(body_sv="<p>Bakgrund</p>")
        news = make_component(process, "news", name_sv="Parknyheter")
        post = Post.objects.create(
            component=news, title_sv="Parken öppnar", body_sv="<p>Snart</p>", published_at=earlier
        )
        hidden_news = make_component(process, "news", name_sv="Dolda nyheter", published=False)
        hidden_post = Post.objects.create(
            component=hidden_news, title_sv="Hemlig nyhet", body_sv="<p>X</p>", published_at=earlier
        )

        draft = make_process("utkast", published=False, phases=2, title_sv="Hemligt utkast")
        hidden = make_component(draft, "pages", name_sv="Dold sida", published=False)
        draft_news = make_component(draft, "news", name_sv="Utkastnyheter")
        draft_post = Post.objects.create(
            component=draft_news, title_sv="Utkastnyhet", body_sv="<p>Y</p>", published_at=earlier
        )

        assembly = Assembly.objects.create(
            slug="ungdomsradet", title_sv="Ungdomsrådet", purpose_sv="Unga tycker till.",
            published=True,
        )  # fmt: skip
        member = AssemblyMember.objects.create(assembly=assembly, name="Eva Ek", role_sv="Ordf.")
        template = ProcessTemplate.objects.create(name_sv="Lokal mall", design=BUDGET_DESIGN)
        ideas = make_component(process, "proposals", name_sv="Idéer")
        proposal = Proposal.objects.create(
            component=ideas, author=None, title="Fler bänkar", body="Vid dammen.",
            state="accepted", answer_sv="Ja.",
        )  # fmt: skip
        custom_state = CustomState.objects.create(component=ideas, slug="planerad", label_sv="P")
        draft_ideas = make_component(draft, "proposals", name_sv="Utkastidéer")
        draft_proposal = Proposal.objects.create(
            component=draft_ideas, title="Hemligt förslag", body="Dolt."
        )
        batch, _codes = create_batch(process, 2, by=admin, note="Biblioteket")
        # Reported content and a blocked account for the moderators' pages.
        comment = Comment.objects.create(
            component=news, target_type="post", target_id=post.pk, body="Köp billiga klockor",
            author=make_user("dan@example.org", "Dan Dahl"),
        )  # fmt: skip
        report(make_user("rita@example.org", "Rita Rapport"), "comment", comment, reason="spam")
        block = Block.objects.create(user=make_user("tor@example.org", "Tor Troll"), reason="Hot")
        # A budget with a selected project, a computed outcome and a milestone.
        budgets = make_component(process, "budgets", name_sv="Medborgarbudget")
        budget = Budget.objects.create(component=budgets, title_sv="Hela parken", amount=1000)
        project = Project.objects.create(
            budget=budget, title_sv="Bänkar", description_sv="Fler", cost=800, status="selected"
        )
        outcome = Outcome.objects.create(budget=budget, rule="greedy", selected=[project.pk])
        # Budgets without ballots, to remove one and move another past it.
        Budget.objects.create(component=budgets, title_sv="Norra delen", amount=500, position=1)
        spare = Budget.objects.create(component=budgets, title_sv="Reserv", amount=500, position=2)
        paper_ballot = Ballot.objects.create(
            budget=budget, status="submitted", channel="paper", voter_key=""
        )
        milestone = Milestone.objects.create(project=project, title_sv="Bygglov", due="2027-01-01")
        # Debates: a published one, an unpublished one without arguments, a concluded one.
        debates = make_component(process, "debates", name_sv="Debatter")
        debate = Debate.objects.create(
            component=debates, title_sv="Ska parken ha grillplatser?", published=True
        )
        spare_debate = Debate.objects.create(component=debates, title_sv="Reservfråga", position=1)
        concluded = Debate.objects.create(
            component=debates, title_sv="Avgjord fråga", published=True, position=2,
            closed_at=earlier, conclusion_sv="Ja.",
        )  # fmt: skip
        # Meetings: an upcoming one with a registration (its code is checked in) and a
        # past one for the after-meeting report.
        meetings = make_component(process, "meetings", name_sv="Möten")
        soon = timezone.now() + timedelta(days=3)
        meeting = Meeting.objects.create(
            component=meetings, title_sv="Stormöte", place="Biblioteket", published=True,
            starts=soon, ends=soon + timedelta(hours=2), capacity=10,
        )  # fmt: skip
        AgendaItem.objects.create(meeting=meeting, title_sv="Välkommen")
        registration = Registration.objects.create(
            meeting=meeting, user=make_user("rut@example.org", "Rut Registrerad"),
            status="registered", code="ABCDEFGH",
        )  # fmt: skip
        past_meeting = Meeting.objects.create(
            component=meetings, title_sv="Förra mötet", place="Hallen", published=True,
            starts=earlier - timedelta(hours=2), ends=earlier,
        )  # fmt: skip
        meeting_form = registration_form_of(meeting)
        meeting_question = Question.objects.create(
            form=meeting_form, type="short_text", text_sv="Matpreferens", position=0
        )
        Question.objects.create(form=meeting_form, type="long_text", text_sv="Övrigt", position=1)
        # Surveys: one with an answer (results, CSV, an answered file), one still empty
        # (its questions can be edited, moved and deleted).
        survey = get_survey(make_component(process, "surveys", name_sv="Parkenkäten"))
        picture = Question.objects.create(
            form=survey.form, type="file", text_sv="Bild", file_kinds=["image"]
        )
        save_response(
            survey.form,
            {picture.pk: AnswerValue(file=CheckedFile("image", "bild.jpg", png_bytes(), "jpg"))},
            anonymous=True,
            respondent_key="någon",
        )
        answer_file = Answer.objects.get(question=picture).pk
        blank_survey = get_survey(make_component(process, "surveys", name_sv="Tom enkät"))
        survey_question = Question.objects.create(
            form=blank_survey.form, type="short_text", text_sv="Namn", position=0
        )
        Question.objects.create(form=blank_survey.form, type="long_text", text_sv="Mer", position=1)
    return SimpleNamespace(
        survey=survey.component.pk,
        blank_survey=blank_survey.component.pk,
        survey_question=survey_question.pk,
        answer_file=answer_file,
        debates=debates.pk,
        debate=debate.pk,
        spare_debate=spare_debate.pk,
        concluded=concluded.pk,
        budgets=budgets.pk,
        budget=budget.pk,
        project=project.pk,
        outcome=outcome.pk,
        paper_ballot=paper_ballot.public_id,
        spare_budget=spare.pk,
        milestone=milestone.pk,
        meetings=meetings.pk,
        meeting=meeting.pk,
        past_meeting=past_meeting.pk,
        meeting_code=registration.code,
        meeting_question=meeting_question.pk,
        ideas=ideas.pk,
        proposal=proposal.pk,
        custom_state=custom_state.pk,
        draft_ideas=draft_ideas.pk,
        draft_proposal=draft_proposal.pk,
        comment=comment.pk,
        block=block.pk,
        batch=batch.pk,
        process=process.slug,
        process_ends=process.ends,
        phase1=phase1,
        phase2=phase2,
        page=page.pk,
        news=news.pk,
        post=post.pk,
        hidden_news=hidden_news.pk,
        hidden_post=hidden_post.pk,
        draft=draft.slug,
        draft_token=draft.preview_token,
        hidden=hidden.pk,
        draft_news=draft_news.pk,
        draft_post=draft_post.pk,
        assembly=assembly.slug,
        member=member.pk,
        template=template.pk,
        membership=membership.pk,
        moderator=moderator,
    )


def state_of(tenant: Tenant) -> dict[str, Any]:
    """Everything an action in /manage/ could change in (or about) the tenant."""
    with schema_context(tenant.schema_name):
        return {
            "processes": list(
                Process.objects.order_by("pk").values_list(
                    "slug", "title_sv", "published", "preview_token", "phase_mode", "ends"
                )
            ),
            "phases": list(
                Phase.objects.order_by("pk").values_list(
                    "pk", "title_sv", "starts", "ends", "position", "is_active"
                )
            ),
            "components": list(
                Component.objects.order_by("pk").values_list(
                    "pk", "name_sv", "published", "position", "settings", "phase_settings"
                )
            ),
            "pages": list(Page.objects.order_by("pk").values_list("pk", "body_sv", "body_en")),
            "posts": list(
                Post.objects.order_by("pk").values_list("pk", "title_sv", "body_sv", "published_at")
            ),
            "assemblies": list(
                Assembly.objects.order_by("pk").values_list(
                    "slug", "title_sv", "published", "preview_token"
                )
            ),
            "members": list(AssemblyMember.objects.order_by("pk").values_list("pk", "name")),
            "templates": list(ProcessTemplate.objects.order_by("pk").values_list("pk", "name_sv")),
            "actions": Action.objects.count(),
            "memberships": sorted(
                Membership.objects.filter(tenant=tenant).values_list("user__email", "role")
            ),
            "city_templates": CityTemplate.objects.count(),
            "catalog": CatalogEntry.objects.filter(tenant=tenant).count(),
            "verifications": Verification.objects.count(),
            "proposals": list(
                Proposal.objects.order_by("pk").values_list("pk", "title", "state", "answer_sv")
            ),
            "proposal_states": list(CustomState.objects.order_by("pk").values_list("slug")),
            "evaluators": EvaluatorAssignment.objects.count(),
            "proposal_links": ProposalLink.objects.count(),
            "moderated": list(
                Comment.objects.order_by("pk").values_list(
                    "pk", "hidden", "hidden_reason", "reports_count"
                )
            ),
            "reports": list(Report.objects.order_by("pk").values_list("pk", "resolution")),
            "blocks": list(Block.objects.order_by("pk").values_list("user_id", "reason")),
            "moderation_settings": list(
                ModerationSettings.objects.values_list("hide_after_reports")
            ),
            "budgets": list(
                Budget.objects.order_by("pk").values_list("pk", "title_sv", "amount", "frozen_at")
            ),
            "projects": list(
                Project.objects.order_by("pk").values_list("pk", "title_sv", "status", "progress")
            ),
            "ballots": Ballot.objects.count(),
            "outcomes": list(
                Outcome.objects.order_by("pk").values_list(
                    "pk", "published_at", "override_selected"
                )
            ),
            "milestones": list(Milestone.objects.order_by("pk").values_list("pk", "done")),
            "project_updates": ProjectUpdate.objects.count(),
            "debates": list(
                Debate.objects.order_by("pk").values_list(
                    "pk", "title_sv", "published", "position", "closed_at", "conclusion_sv"
                )
            ),
            "meetings": list(
                Meeting.objects.order_by("pk").values_list(
                    "pk", "title_sv", "published", "capacity", "attendance_count", "minutes"
                )
            ),
            "agenda": list(AgendaItem.objects.order_by("pk").values_list("pk", "title_sv")),
            "registrations": list(
                Registration.objects.order_by("pk").values_list("pk", "status", "position")
            ),
            "surveys": list(Survey.objects.order_by("pk").values_list("pk", "intro_sv")),
            "questions": list(
                Question.objects.order_by("pk").values_list("pk", "text_sv", "position")
            ),
        }


def news_from_proposals(target: Component, proposals: list[Proposal], by: Any) -> list[Any]:
    """A stand-in receiver (until budgets exist): each accepted proposal becomes a post."""
    posts = [
        Post.objects.create(component=target, title_sv=p.title, body_sv="<p>Från förslag</p>")
        for p in proposals
    ]
    return [
        CreatedItem(p, f"post:{post.pk}", post.get_absolute_url(), post.title_sv)
        for p, post in zip(proposals, posts, strict=True)
    ]


@pytest.fixture(scope="module", autouse=True)
def _news_receives_proposals() -> Iterator[None]:
    register_receiver(Receiver("news", "News", news_from_proposals))
    yield
    unregister_receiver("news")


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[SimpleNamespace]:
    """Tenants A and B, the personas and tenant A's spaces, built once for this module.

    Onboarding a tenant clones a schema, which is too slow to repeat for each of the many
    cases below. The world lives in a transaction of its own, rolled back at the end of
    the module; each test runs in a savepoint inside it (pytest-django's `db`), so
    whatever a test changes is undone before the next one.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_public_tenant()
        ensure_city_vocabularies()
        tenant_a = onboard_tenant(slug="alfa", name_sv="Förvaltning alfa", name_en="Alfa")
        tenant_b = onboard_tenant(slug="beta", name_sv="Förvaltning beta", name_en="Beta")
        alice = make_user("alice@example.org", "Alice Andersson")
        bob = make_user("bob@example.org", "Bob Berg")
        grant_role(tenant_a, bob, Membership.Role.ADMIN)
        activate_totp(bob)
        charlie = make_user("charlie@example.org", "Charlie Carlsson")
        grant_role(tenant_b, charlie, Membership.Role.ADMIN)
        activate_totp(charlie)
        built = build_world(tenant_a, bob)
        built.__dict__.update(
            tenant_a=tenant_a, tenant_b=tenant_b, alice=alice, bob=bob, charlie=charlie
        )
        connection.set_schema_to_public()
        try:
            yield built
        finally:
            transaction.set_rollback(True)
            connection.set_schema_to_public()


def signed_in(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


# --- every /manage/ URL -------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One request to a /manage/ URL; `name` is its URL pattern's full name."""

    name: str
    method: str
    path: str
    data: dict[str, str] = field(default_factory=dict)

    def url(self, world: SimpleNamespace) -> str:
        return self.path.format(w=world)

    def data_for(self, world: SimpleNamespace) -> dict[str, str]:
        return {key.format(w=world): value.format(w=world) for key, value in self.data.items()}

    @property
    def id(self) -> str:
        return f"{self.method} {self.name} {self.path}"


P = "/manage/processes/{w.process}"
D = "/manage/processes/{w.draft}"
A = "/manage/assemblies/{w.assembly}"
PROCESS_FORM = {
    "title_sv": "Kapad titel",
    "slug": "{w.process}",
    "summary_sv": "Kapad sammanfattning",
    "starts": "{w.phase1.starts}",
    "ends": "{w.phase2.ends}",
    "phase_mode": "dates",
}
POST_FORM = {
    "title_sv": "Kapad nyhet",
    "title_en": "",
    "body_sv": "<p>Kapad</p>",
    "body_en": "",
    "published_at": "2024-05-01 10:00",
}

B = f"{P}/budgets/{{w.budgets}}"
BP = f"{B}/{{w.budget}}/projects/{{w.project}}"
BUDGET_FORM = {
    "title_sv": "Kapad budget",
    "amount": "5000",
    "ballot_rule": "knapsack",
    "min_share": "70",
    "min_projects": "1",
    "points": "10",
    "outcome_rule": "greedy",
    "completion": "add1",
}
DB = f"{P}/debates/{{w.debates}}"
DEBATE_FORM = {
    "title_sv": "Kapad fråga",
    "title_en": "",
    "background_sv": "Kapad",
    "background_en": "",
    "opens_at": "",
    "closes_at": "",
}
S = f"{P}/surveys/{{w.survey}}"
SB = f"{P}/surveys/{{w.blank_survey}}"
PROJECT_FORM = {
    "title_sv": "Kapat projekt",
    "description_sv": "Kapat",
    "cost": "300",
    "status": "proposed",
}

M = f"{P}/meetings/{{w.meetings}}"
MEETING_FORM = {
    "title_sv": "Kapat möte",
    "kind": "in_person",
    "starts": "2031-01-10T18:00",
    "ends": "2031-01-10T20:00",
    "place": "Kapad plats",
    "organiser": "tenant",
}
AGENDA_FORM = {
    "agenda-TOTAL_FORMS": "1",
    "agenda-INITIAL_FORMS": "0",
    "agenda-MIN_NUM_FORMS": "0",
    "agenda-MAX_NUM_FORMS": "1000",
    "agenda-0-title_sv": "Kapad punkt",
    "agenda-0-ORDER": "1",
}

CASES = [
    # Pages (GET).
    Case("manage:dashboard", "GET", "/manage/"),
    Case("manage:process_new", "GET", "/manage/processes/new/"),
    Case("manage:process_new", "GET", "/manage/processes/new/?template=local-{w.template}"),
    Case("manage:process_add", "GET", "/manage/processes/add/"),
    Case("manage:process_edit", "GET", f"{P}/"),
    Case("manage:process_edit", "GET", f"{D}/"),
    Case("manage:phases", "GET", f"{P}/phases/"),
    Case("manage:phase_edit", "GET", f"{P}/phases/{{w.phase1.pk}}/"),
    Case("manage:process_save_template", "GET", f"{P}/save-as-template/"),
    Case("manage:assembly_add", "GET", "/manage/assemblies/add/"),
    Case("manage:assembly_edit", "GET", f"{A}/"),
    Case("manage:components", "GET", f"{P}/components/"),
    Case("manage:components", "GET", f"{A}/components/"),
    Case("manage:component_edit", "GET", f"{P}/components/{{w.news}}/"),
    Case("manage:component_edit", "GET", f"{D}/components/{{w.hidden}}/"),
    Case("manage:templates", "GET", "/manage/templates/"),
    Case("manage:roles", "GET", "/manage/roles/"),
    Case("manage:log", "GET", "/manage/log/"),
    Case("manage:voting_codes", "GET", f"{P}/voting-codes/"),
    Case("manage:voting_codes_sheet", "GET", f"{P}/voting-codes/{{w.batch}}/"),
    Case("manage:verify_in_person", "GET", "/manage/verify/"),
    Case("manage:news:manage", "GET", f"{P}/news/{{w.news}}/"),
    Case("manage:news:add", "GET", f"{P}/news/{{w.news}}/new/"),
    Case("manage:news:edit", "GET", f"{P}/news/{{w.news}}/{{w.post}}/"),
    Case("manage:pages:edit", "GET", f"{P}/pages/{{w.page}}/"),
    Case("manage:pages:edit", "GET", f"{D}/pages/{{w.hidden}}/"),
    # Action endpoints (POST).
    Case("manage:publish", "POST", f"{D}/publish/", {"published": "1"}),
    Case("manage:publish", "POST", f"{A}/publish/", {"published": "0"}),
    Case("manage:preview_link", "POST", f"{D}/preview-link/"),
    Case("manage:preview_link", "POST", f"{A}/preview-link/"),
    Case("manage:phase_action", "POST", f"{P}/phases/{{w.phase2.pk}}/do/", {"action": "activate"}),
    Case("manage:phase_action", "POST", f"{P}/phases/{{w.phase1.pk}}/do/", {"action": "down"}),
    Case(
        "manage:component_action", "POST", f"{D}/components/{{w.hidden}}/do/", {"action": "publish"}
    ),
    Case(
        "manage:component_action",
        "POST",
        f"{P}/components/{{w.hidden_news}}/do/",
        {"action": "delete"},
    ),
    Case("manage:member_add", "POST", f"{A}/members/", {"name": "Ivar Intrång"}),
    Case("manage:member_remove", "POST", f"{A}/members/{{w.member}}/remove/"),
    Case("manage:template_delete", "POST", "/manage/templates/{w.template}/delete/"),
    Case("manage:role_revoke", "POST", "/manage/roles/{w.membership}/revoke/"),
    Case("manage:news:delete", "POST", f"{P}/news/{{w.news}}/{{w.post}}/delete/"),
    Case(
        "manage:pages:edit",
        "POST",
        f"{P}/pages/{{w.page}}/",
        {"body_sv": "<p>Kapad</p>", "body_en": ""},
    ),
    Case("manage:news:edit", "POST", f"{P}/news/{{w.news}}/{{w.post}}/", POST_FORM),
    # The forms' POSTs change things too.
    Case(
        "manage:roles", "POST", "/manage/roles/", {"email": "charlie@example.org", "role": "admin"}
    ),
    Case("manage:process_edit", "POST", f"{P}/", PROCESS_FORM),
    Case(
        "manage:process_add",
        "POST",
        "/manage/processes/add/",
        {**PROCESS_FORM, "slug": "ny-process"},
    ),
    Case(
        "manage:process_new",
        "POST",
        "/manage/processes/new/?template=local-{w.template}",
        {
            "template": "local-{w.template}",
            "title_sv": "Kapad",
            "slug": "kapad",
            "starts": "2027-01-01",
        },
    ),
    Case(
        "manage:phases",
        "POST",
        f"{P}/phases/",
        {"title_sv": "Extra", "starts": "{w.process_ends}", "ends": "{w.process_ends}"},
    ),
    Case(
        "manage:phase_edit",
        "POST",
        f"{P}/phases/{{w.phase1.pk}}/",
        {"title_sv": "Kapad fas", "starts": "{w.phase1.starts}", "ends": "{w.phase1.ends}"},
    ),
    Case(
        "manage:process_save_template", "POST", f"{P}/save-as-template/", {"name_sv": "Kapad mall"}
    ),
    Case(
        "manage:assembly_add",
        "POST",
        "/manage/assemblies/add/",
        {"title_sv": "Nytt", "slug": "nytt", "purpose_sv": "S"},
    ),
    Case(
        "manage:assembly_edit",
        "POST",
        f"{A}/",
        {"title_sv": "Kapat", "slug": "{w.assembly}", "purpose_sv": "S"},
    ),
    Case(
        "manage:components", "POST", f"{P}/components/", {"type": "pages", "name_sv": "Kapad sida"}
    ),
    Case(
        "manage:component_edit",
        "POST",
        f"{P}/components/{{w.page}}/",
        {"names-name_sv": "Kapad", "names-name_en": ""},
    ),
    Case("manage:news:add", "POST", f"{P}/news/{{w.news}}/new/", POST_FORM),
    Case("manage:voting_codes", "POST", f"{P}/voting-codes/", {"size": "3"}),
    Case("manage:voting_codes_void", "POST", f"{P}/voting-codes/{{w.batch}}/void/"),
    Case(
        "manage:verify_in_person",
        "POST",
        "/manage/verify/",
        {
            "email": "alice@example.org",
            "personal_number": "19800101-0019",
            "postal_code": "41301",
            "evidence": "passport",
        },
    ),
    # Proposals: evaluation, answers, states and the handover to another component.
    Case("manage:proposals:manage", "GET", f"{P}/proposals/{{w.ideas}}/"),
    Case("manage:proposals:manage", "GET", f"{D}/proposals/{{w.draft_ideas}}/"),
    Case("manage:proposals:states", "GET", f"{P}/proposals/{{w.ideas}}/states/"),
    Case("manage:proposals:answer", "GET", f"{P}/proposals/{{w.ideas}}/{{w.proposal}}/"),
    Case(
        "manage:proposals:answer",
        "POST",
        f"{P}/proposals/{{w.ideas}}/{{w.proposal}}/",
        {"state": "rejected", "answer_sv": "Kapat svar", "answer_en": ""},
    ),
    Case(
        "manage:proposals:evaluators",
        "POST",
        f"{P}/proposals/{{w.ideas}}/{{w.proposal}}/evaluators/",
        {"email": "mona@example.org"},
    ),
    Case(
        "manage:proposals:states",
        "POST",
        f"{P}/proposals/{{w.ideas}}/states/",
        {"slug": "kapad", "label_sv": "Kapad"},
    ),
    Case(
        "manage:proposals:hand_over",
        "POST",
        f"{P}/proposals/{{w.ideas}}/hand-over/",
        {"target": "{w.news}"},
    ),
    # Budgets (tenant_apps.budgets): budgets and projects, paper ballots, results, delivery.
    Case("manage:budgets:manage", "GET", f"{B}/"),
    Case("manage:budgets:budget_add", "GET", f"{B}/new/"),
    Case("manage:budgets:budget_add", "POST", f"{B}/new/", BUDGET_FORM),
    Case("manage:budgets:simulate", "GET", f"{B}/simulate/"),
    Case("manage:budgets:budget_edit", "GET", f"{B}/{{w.budget}}/"),
    Case("manage:budgets:budget_edit", "POST", f"{B}/{{w.budget}}/", BUDGET_FORM),
    Case("manage:budgets:budget_delete", "POST", f"{B}/{{w.spare_budget}}/delete/"),
    Case("manage:budgets:budget_move", "POST", f"{B}/{{w.budget}}/move/", {"direction": "down"}),
    Case("manage:budgets:projects", "GET", f"{B}/{{w.budget}}/projects/"),
    Case("manage:budgets:project_add", "GET", f"{B}/{{w.budget}}/projects/new/"),
    Case("manage:budgets:project_add", "POST", f"{B}/{{w.budget}}/projects/new/", PROJECT_FORM),
    Case("manage:budgets:project_edit", "GET", f"{BP}/"),
    Case("manage:budgets:project_edit", "POST", f"{BP}/", PROJECT_FORM),
    Case("manage:budgets:project_delete", "POST", f"{BP}/delete/"),
    Case("manage:budgets:ballots", "GET", f"{B}/{{w.budget}}/ballots/"),
    Case(
        "manage:budgets:ballots",
        "POST",
        f"{B}/{{w.budget}}/ballots/",
        {"project_{w.project}": "1", "channel": "paper"},
    ),
    Case("manage:budgets:ballots_import", "GET", f"{B}/{{w.budget}}/ballots/import/"),
    Case(
        "manage:budgets:ballots_void",
        "POST",
        f"{B}/{{w.budget}}/ballots/void/",
        {"ballot": "{w.paper_ballot}", "reason": "Fel"},
    ),
    Case("manage:budgets:results", "GET", f"{B}/{{w.budget}}/results/"),
    Case("manage:budgets:results", "POST", f"{B}/{{w.budget}}/results/"),
    Case("manage:budgets:publish", "POST", f"{B}/{{w.budget}}/results/{{w.outcome}}/publish/"),
    Case(
        "manage:budgets:override",
        "POST",
        f"{B}/{{w.budget}}/results/{{w.outcome}}/override/",
        {"selected": "{w.project}", "reason": "Kapad"},
    ),
    Case("manage:budgets:delivery", "GET", f"{BP}/delivery/"),
    Case("manage:budgets:delivery", "POST", f"{BP}/delivery/", {"status": "done", "progress": "5"}),
    Case(
        "manage:budgets:milestone_add",
        "POST",
        f"{BP}/delivery/milestones/",
        {"milestone-title_sv": "Kapad", "milestone-due": "2027-02-01"},
    ),
    Case(
        "manage:budgets:milestone_change",
        "POST",
        f"{BP}/delivery/milestones/{{w.milestone}}/",
        {"action": "done"},
    ),
    Case(
        "manage:budgets:update_add",
        "POST",
        f"{BP}/delivery/updates/",
        {"update-text_sv": "Kapad nyhet"},
    ),
    # Debates (tenant_apps.debates).
    Case("manage:debates:manage", "GET", f"{DB}/"),
    Case("manage:debates:add", "GET", f"{DB}/new/"),
    Case("manage:debates:add", "POST", f"{DB}/new/", DEBATE_FORM),
    Case("manage:debates:edit", "GET", f"{DB}/{{w.debate}}/"),
    Case("manage:debates:edit", "POST", f"{DB}/{{w.debate}}/", DEBATE_FORM),
    Case("manage:debates:publish", "POST", f"{DB}/{{w.debate}}/publish/", {"published": "0"}),
    Case("manage:debates:move", "POST", f"{DB}/{{w.debate}}/move/", {"direction": "down"}),
    Case("manage:debates:delete", "POST", f"{DB}/{{w.spare_debate}}/delete/"),
    Case("manage:debates:close", "GET", f"{DB}/{{w.debate}}/close/"),
    Case("manage:debates:close", "POST", f"{DB}/{{w.debate}}/close/", {"conclusion_sv": "Kapad"}),
    Case("manage:debates:reopen", "POST", f"{DB}/{{w.concluded}}/reopen/"),
    # Meetings (tenant_apps.meetings): meetings, agenda, registrations, check-in, report.
    Case("manage:meetings:manage", "GET", f"{M}/"),
    Case("manage:meetings:add", "GET", f"{M}/new/"),
    Case("manage:meetings:add", "POST", f"{M}/new/", MEETING_FORM),
    Case("manage:meetings:edit", "GET", f"{M}/{{w.meeting}}/"),
    Case("manage:meetings:edit", "POST", f"{M}/{{w.meeting}}/", MEETING_FORM),
    Case("manage:meetings:agenda", "GET", f"{M}/{{w.meeting}}/agenda/"),
    Case("manage:meetings:agenda", "POST", f"{M}/{{w.meeting}}/agenda/", AGENDA_FORM),
    Case("manage:meetings:registrations", "GET", f"{M}/{{w.meeting}}/registrations/"),
    Case("manage:meetings:registrations_csv", "GET", f"{M}/{{w.meeting}}/registrations.csv"),
    Case("manage:meetings:check_in", "GET", f"{M}/{{w.meeting}}/check-in/"),
    Case(
        "manage:meetings:check_in",
        "POST",
        f"{M}/{{w.meeting}}/check-in/",
        {"code": "{w.meeting_code}"},
    ),
    Case("manage:meetings:report", "GET", f"{M}/{{w.past_meeting}}/report/"),
    Case(
        "manage:meetings:report",
        "POST",
        f"{M}/{{w.past_meeting}}/report/",
        {"minutes": "Kapat protokoll", "attendance_count": "5"},
    ),
    Case("manage:meetings:questions", "GET", f"{M}/{{w.meeting}}/questions/"),
    Case("manage:meetings:question_add", "GET", f"{M}/{{w.meeting}}/questions/new/"),
    Case(
        "manage:meetings:question_add",
        "POST",
        f"{M}/{{w.meeting}}/questions/new/",
        {"type": "short_text", "text_sv": "Kapad fråga", "max_length": "100"},
    ),
    Case(
        "manage:meetings:question_edit",
        "GET",
        f"{M}/{{w.meeting}}/questions/{{w.meeting_question}}/",
    ),
    Case(
        "manage:meetings:question_edit",
        "POST",
        f"{M}/{{w.meeting}}/questions/{{w.meeting_question}}/",
        {"text_sv": "Kapad fråga", "max_length": "100"},
    ),
    Case(
        "manage:meetings:question_action",
        "POST",
        f"{M}/{{w.meeting}}/questions/{{w.meeting_question}}/do/",
        {"action": "down"},
    ),
    # Surveys (tenant_apps.surveys with the forms engine's question editor).
    Case("manage:surveys:manage", "GET", f"{S}/"),
    Case("manage:surveys:manage", "POST", f"{S}/", {"intro_sv": "Kapad intro", "intro_en": ""}),
    Case("manage:surveys:question_add", "GET", f"{SB}/questions/new/"),
    Case("manage:surveys:question_add", "GET", f"{SB}/questions/new/?type=ranking"),
    Case(
        "manage:surveys:question_add",
        "POST",
        f"{SB}/questions/new/",
        {"type": "short_text", "text_sv": "Kapad fråga", "max_length": "100"},
    ),
    Case("manage:surveys:question_edit", "GET", f"{SB}/questions/{{w.survey_question}}/"),
    Case(
        "manage:surveys:question_edit",
        "POST",
        f"{SB}/questions/{{w.survey_question}}/",
        {"text_sv": "Kapad fråga", "max_length": "100"},
    ),
    Case(
        "manage:surveys:question_action",
        "POST",
        f"{SB}/questions/{{w.survey_question}}/do/",
        {"action": "down"},
    ),
    Case("manage:surveys:results", "GET", f"{S}/results/"),
    Case("manage:surveys:export", "GET", f"{S}/results.csv"),
    Case("manage:surveys:file", "GET", f"{S}/files/{{w.answer_file}}/"),
    # The tenant's terms of participation (shared_apps.privacy).
    Case("privacy:manage_terms", "GET", "/manage/terms/"),
    Case("privacy:manage_terms", "POST", "/manage/terms/", {"text_sv": "Kapade villkor"}),
    # Moderation (tenant_apps.moderation).
    Case("manage:moderation_queue", "GET", "/manage/moderation/"),
    Case("manage:moderation_item", "GET", "/manage/moderation/comment/{w.comment}/"),
    Case(
        "manage:moderation_action",
        "POST",
        "/manage/moderation/comment/{w.comment}/do/",
        {"action": "hide", "reason": "Kapad"},
    ),
    Case(
        "manage:moderation_action",
        "POST",
        "/manage/moderation/comment/{w.comment}/do/",
        {"action": "block", "reason": "Kapad"},
    ),
    Case("manage:moderation_blocks", "GET", "/manage/moderation/blocked/"),
    Case("manage:moderation_unblock", "POST", "/manage/moderation/blocked/{w.block}/unblock/"),
    Case("manage:moderation_settings", "GET", "/manage/moderation/settings/"),
    Case(
        "manage:moderation_settings",
        "POST",
        "/manage/moderation/settings/",
        {"hide_after_reports": "7"},
    ),
]


def _pattern_names(patterns: list[Any], namespaces: tuple[str, ...] = ()) -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            names |= _pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            names.add(":".join((*namespaces, pattern.name or "<unnamed>")))
    return names


def test_it_has_an_outsider_case_for_every_manage_url() -> None:
    manage = {
        name for name in _pattern_names(get_resolver(TENANT_URLCONF).url_patterns)
        if name.startswith(("manage:", "privacy:manage_"))
    }  # fmt: skip
    covered = {case.name for case in CASES}
    assert manage - covered == set(), "add an outsider case for these /manage/ URLs"
    assert covered - manage == set(), "these cases name URL patterns that do not exist"


def test_every_case_url_resolves_to_the_pattern_it_names() -> None:
    fake = SimpleNamespace(
        process="parken",
        process_ends="2027-03-02",
        draft="utkast",
        assembly="rad",
        page=1,
        news=2,
        post=3,
        hidden=4,
        hidden_news=5,
        member=6,
        template=7,
        batch=11,
        membership=8,
        ideas=12,
        proposal=13,
        custom_state=14,
        draft_ideas=15,
        comment=12,
        block=13,
        budgets=16,
        budget=17,
        spare_budget=27,
        project=18,
        outcome=19,
        milestone=20,
        debates=21,
        debate=22,
        spare_debate=23,
        concluded=24,
        meetings=21,
        meeting=22,
        past_meeting=23,
        meeting_code="ABCDEFGH",
        meeting_question=25,
        survey=21,
        blank_survey=22,
        survey_question=23,
        answer_file="6f1c3c36-5d3e-4a55-9e55-0c7f3f0e2b11",
        phase1=SimpleNamespace(pk=9, starts="2027-01-01", ends="2027-01-30"),
        phase2=SimpleNamespace(pk=10, starts="2027-01-31", ends="2027-03-01"),
    )
    for case in CASES:
        match = resolve(case.url(fake).split("?")[0], urlconf=TENANT_URLCONF)
        assert match.view_name == case.name, case.id


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_only_the_tenants_own_admin_gets_through(case: Case, world: SimpleNamespace) -> None:
    tenant_a, alice, bob, charlie = world.tenant_a, world.alice, world.bob, world.charlie
    host = host_of(tenant_a)
    url = case.url(world)
    data = case.data_for(world)

    def send(client: Client) -> Any:
        if case.method == "GET":
            return client.get(url, HTTP_HOST=host)
        return client.post(url, data, HTTP_HOST=host)

    before = state_of(tenant_a)
    # (a) The admin of another tenant: 404, and nothing changes.
    assert send(signed_in(charlie)).status_code == 404
    assert state_of(tenant_a) == before
    # (b) A resident: 404, nothing changes.
    assert send(signed_in(alice)).status_code == 404
    assert state_of(tenant_a) == before
    # (c) Anonymous: sent to sign in, never shown the page.
    response = send(Client())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?" + urlencode({"next": url}, safe="/"), (
        response["Location"]
    )
    assert state_of(tenant_a) == before
    # (d) The tenant's admin gets through, and a POST really does change something,
    # which shows that the refusals above were refusals of a working request.
    response = send(signed_in(bob))
    if case.method == "GET":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert not response["Location"].startswith("/accounts/login/")
        assert state_of(tenant_a) != before


# --- public URLs --------------------------------------------------------------------

PUBLISHED_URLS = [
    "/processes/{w.process}/",
    "/processes/{w.process}/pages/{w.page}/",
    "/processes/{w.process}/news/{w.news}/",
    "/processes/{w.process}/news/{w.news}/{w.post}/",
    "/assemblies/{w.assembly}/",
    "/api/v1/processes/{w.process}/",
    "/processes/{w.process}/proposals/{w.ideas}/",
    "/processes/{w.process}/proposals/{w.ideas}/new/",
    "/processes/{w.process}/proposals/{w.ideas}/{w.proposal}/",
    "/processes/{w.process}/debates/{w.debates}/",
    "/processes/{w.process}/debates/{w.debates}/{w.debate}/",
    "/processes/{w.process}/debates/{w.debates}/{w.concluded}/",
    "/processes/{w.process}/meetings/{w.meetings}/",
    "/processes/{w.process}/meetings/{w.meetings}/{w.meeting}/",
]
UNPUBLISHED_URLS = [
    "/processes/{w.draft}/",
    "/api/v1/processes/{w.draft}/",
    "/processes/{w.draft}/pages/{w.hidden}/",
    "/processes/{w.draft}/news/{w.draft_news}/",
    "/processes/{w.draft}/news/{w.draft_news}/{w.draft_post}/",
    # A hidden component of a published process.
    "/processes/{w.process}/news/{w.hidden_news}/",
    "/processes/{w.process}/news/{w.hidden_news}/{w.hidden_post}/",
    "/processes/{w.draft}/proposals/{w.draft_ideas}/",
    "/processes/{w.draft}/proposals/{w.draft_ideas}/{w.draft_proposal}/",
    # An unpublished debate in a published debates component.
    "/processes/{w.process}/debates/{w.debates}/{w.spare_debate}/",
]


def test_the_public_urls_here_cover_every_public_pattern() -> None:
    public = {
        name for name in _pattern_names(get_resolver(TENANT_URLCONF).url_patterns)
        # Notifications are a resident's own rows on every host; their outsider tests
        # (another resident's entry or follow is 404) are in tests/notifications/.
        if not name.startswith(("manage:", "accounts:", "privacy:", "notifications:"))
        and name not in {"staff", "media"}
    }  # fmt: skip
    fake = SimpleNamespace(
        process="p", draft="d", assembly="a", page=1, news=2, post=3, hidden=4, draft_news=5,
        draft_post=6, hidden_news=7, hidden_post=8, ideas=9, proposal=10, draft_ideas=11,
        draft_proposal=12, debates=13, debate=14, spare_debate=15, concluded=16, meetings=17,
        meeting=18,
    )  # fmt: skip
    # Lists: checked for leaks by their content below.
    lists = {"home", "process_list", "assembly_list", "api:process-list", "api:schema"}
    # The API's docs and its proposal and project lists, with their outsider and
    # unpublished tests in tests/spaces/test_api.py.
    lists |= {"api:docs", "api:proposal-list", "api:proposal-detail", "api:project-list",
              "api:project-detail"}  # fmt: skip
    # Pages about taking part, with their outsider tests in tests/identity/ (test_needed:
    # another tenant's component is 404; test_voting_codes: codes do not cross tenants).
    lists |= {"verification:needed", "verification:redeem_code"}
    # A resident's own actions on a proposal (tests/proposals/test_outsiders.py).
    lists |= {"proposals:edit", "proposals:withdraw", "proposals:support", "proposals:like"}
    # The report page, with its outsider tests in tests/moderation/test_report_view.py.
    lists |= {"moderation:report"}
    # A meeting's registration pages, its iCal file, proposing a meeting and the tenant's
    # feed, with their outsider tests in tests/meetings/test_outsiders.py.
    lists |= {"meetings:register", "meetings:cancel", "meetings:registration", "meetings:ical",
              "meetings:propose", "meetings_feed:feed"}  # fmt: skip
    # Comment form endpoints, with their outsider and unpublished-component tests in
    # tests/comments/ (test_outsiders, test_views).
    lists |= {"comments:add", "comments:edit", "comments:delete", "comments:vote"}
    # Every voting page and action, with its outsider, unpublished-component and
    # other-component tests in tests/budgets/test_public_outsiders.py.
    lists |= {
        f"budgets:{name}"
        for name in (
            "list", "ballot", "add", "remove", "allocate", "review", "receipt", "reopen",
            "project",
        )
    }  # fmt: skip
    # Budget results and delivery, with their outsider and unpublished-space tests in
    # tests/budgets/ (test_results, test_delivery).
    lists |= {"budgets:results", "budgets:budget_results", "budgets:ballots_download",
              "budgets:delivery", "budgets:delivery_project"}  # fmt: skip
    # Surveys' pages, with their outsider, unpublished-space and other-survey tests in
    # tests/surveys/test_outsiders.py.
    lists |= {f"surveys:{name}" for name in ("detail", "answer", "thanks", "mine", "results")}
    # The responsible tenant's pages for city-wide e-proposals (a staff area of its own
    # under /manage/e-proposals/), with their outsider tests in
    # tests/eproposals/test_manage_pages.py (another tenant's staff, residents, anonymous,
    # the portal host).
    lists |= {
        f"eproposals_manage:{name}"
        for name in ("queue", "detail", "receive", "investigate", "decide", "follow_up",
                     "carried_out")
    }  # fmt: skip
    named = {
        resolve(url.format(w=fake), urlconf=TENANT_URLCONF).view_name
        for url in PUBLISHED_URLS + UNPUBLISHED_URLS
    }
    assert public - named - lists == set()


def test_tenant_as_spaces_do_not_exist_on_tenant_bs_host(world: SimpleNamespace) -> None:
    host = host_of(world.tenant_b)
    for client in (Client(), *(signed_in(u) for u in (world.alice, world.bob, world.charlie))):
        for template in PUBLISHED_URLS + UNPUBLISHED_URLS:
            url = template.format(w=world)
            assert client.get(url, HTTP_HOST=host).status_code == 404, url
        preview = f"/processes/{world.draft}/?preview={world.draft_token}"
        assert client.get(preview, HTTP_HOST=host).status_code == 404
    anonymous = Client()
    for listing in (
        "/",
        "/processes/",
        "/assemblies/",
        "/processes/?status=active",
        "/api/v1/processes/",
    ):
        response = anonymous.get(listing, HTTP_HOST=host)
        assert response.status_code == 200
        body = response.content.decode()
        for title in ("Parken vid ån", "Hemligt utkast", "Ungdomsrådet", "Parken öppnar"):
            assert title not in body, (listing, title)


def test_the_published_urls_open_for_everyone_on_tenant_as_host(world: SimpleNamespace) -> None:
    host = host_of(world.tenant_a)
    for client in (Client(), signed_in(world.alice), signed_in(world.charlie)):
        for template in PUBLISHED_URLS:
            url = template.format(w=world)
            assert client.get(url, HTTP_HOST=host).status_code == 200, url


def test_unpublished_spaces_and_hidden_components_are_404_for_all_but_staff(
    world: SimpleNamespace,
) -> None:
    host = host_of(world.tenant_a)
    staff = signed_in(world.bob)
    others = (Client(), signed_in(world.alice), signed_in(world.charlie))
    for template in UNPUBLISHED_URLS:
        url = template.format(w=world)
        for client in others:
            assert client.get(url, HTTP_HOST=host).status_code == 404, url
        assert staff.get(url, HTTP_HOST=host).status_code == 200, url
    for listing in ("/", "/processes/", "/api/v1/processes/", f"/processes/{world.process}/"):
        for client in others:
            body = client.get(listing, HTTP_HOST=host).content.decode()
            assert "Parken vid ån" in body, listing
            for secret in ("Hemligt utkast", world.draft_token, "Dolda nyheter", "Hemlig nyhet"):
                assert secret not in body, (listing, secret)


def test_the_preview_link_opens_the_unpublished_process_to_anyone_holding_it(
    world: SimpleNamespace,
) -> None:
    host = host_of(world.tenant_a)
    visitor = Client()
    response = visitor.get(f"/processes/{world.draft}/?preview={world.draft_token}", HTTP_HOST=host)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hemligt utkast" in body
    assert 'role="status"' in body  # the "this is a preview" notice
    # The link is remembered for the visit: the published components open too...
    news = f"/processes/{world.draft}/news/{world.draft_news}/"
    assert visitor.get(news, HTTP_HOST=host).status_code == 200
    # ...but a hidden component stays hidden, even with the token in the address.
    hidden = f"/processes/{world.draft}/pages/{world.hidden}/"
    assert visitor.get(hidden, HTTP_HOST=host).status_code == 404
    assert visitor.get(f"{hidden}?preview={world.draft_token}", HTTP_HOST=host).status_code == 404


def test_a_wrong_preview_token_gives_404(world: SimpleNamespace) -> None:
    host = host_of(world.tenant_a)
    for token in ("wrong", world.draft_token[:-1], world.draft_token.upper(), ""):
        response = Client().get(f"/processes/{world.draft}/?preview={token}", HTTP_HOST=host)
        assert response.status_code == 404, token


def test_rotating_the_preview_link_revokes_the_old_one(world: SimpleNamespace) -> None:
    tenant_a, bob = world.tenant_a, world.bob
    host = host_of(tenant_a)
    old = f"/processes/{world.draft}/?preview={world.draft_token}"
    holder = Client()
    assert holder.get(old, HTTP_HOST=host).status_code == 200

    response = signed_in(bob).post(f"/manage/processes/{world.draft}/preview-link/", HTTP_HOST=host)
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        new_token = Process.objects.get(slug=world.draft).preview_token
        assert Action.objects.filter(verb="process.preview_link_rotated").exists()
    assert new_token != world.draft_token

    assert Client().get(old, HTTP_HOST=host).status_code == 404
    # The visitor who opened the old link earlier loses access as well.
    assert holder.get(f"/processes/{world.draft}/", HTTP_HOST=host).status_code == 404
    news = f"/processes/{world.draft}/news/{world.draft_news}/"
    assert holder.get(news, HTTP_HOST=host).status_code == 404
    fresh = f"/processes/{world.draft}/?preview={new_token}"
    assert Client().get(fresh, HTTP_HOST=host).status_code == 200


# --- roles below admin -------------------------------------------------------------


def test_a_process_admin_manages_processes_but_not_roles(world: SimpleNamespace) -> None:
    tenant_a = world.tenant_a
    host = host_of(tenant_a)
    paula = make_user("paula@example.org", "Paula Processansvarig")
    grant_role(tenant_a, paula, Membership.Role.PROCESS_ADMIN)
    activate_totp(paula)
    client = signed_in(paula)
    assert client.get("/manage/", HTTP_HOST=host).status_code == 200
    assert client.get(f"/manage/processes/{world.process}/", HTTP_HOST=host).status_code == 200
    assert client.get("/manage/roles/", HTTP_HOST=host).status_code == 404
    response = client.post(
        "/manage/roles/", {"email": "paula@example.org", "role": "admin"}, HTTP_HOST=host
    )
    assert response.status_code == 404
    revoke = client.post(f"/manage/roles/{world.membership}/revoke/", HTTP_HOST=host)
    assert revoke.status_code == 404
    assert set(paula.roles_in(tenant_a)) == {Membership.Role.PROCESS_ADMIN}
    assert Membership.objects.filter(pk=world.membership).exists()


def test_a_moderator_sees_the_dashboard_but_cannot_change_processes(
    world: SimpleNamespace,
) -> None:
    tenant_a = world.tenant_a
    host = host_of(tenant_a)
    client = signed_in(world.moderator)
    assert client.get("/manage/", HTTP_HOST=host).status_code == 200
    for url in (
        "/manage/processes/new/",
        "/manage/processes/add/",
        f"/manage/processes/{world.process}/",
        f"/manage/processes/{world.process}/phases/",
        "/manage/roles/",
        "/manage/log/",
    ):
        assert client.get(url, HTTP_HOST=host).status_code == 404, url
    before = state_of(tenant_a)
    response = client.post(
        f"/manage/processes/{world.draft}/publish/", {"published": "1"}, HTTP_HOST=host
    )
    assert response.status_code == 404
    assert state_of(tenant_a) == before


# --- ids of one space under another space's address ----------------------------------

CROSSED_PUBLIC_URLS = [
    "/processes/{w.process}/pages/{w.hidden}/",  # the draft's hidden page under parken
    "/processes/{w.process}/news/{w.draft_news}/",
    "/processes/{w.process}/news/{w.news}/{w.draft_post}/",
    "/processes/{w.process}/news/{w.draft_news}/{w.draft_post}/",
    "/assemblies/{w.assembly}/news/{w.news}/",  # a process's component under an assembly
    "/processes/{w.draft}/news/{w.news}/{w.post}/",
]
CROSSED_MANAGE_POSTS = [
    (f"{P}/components/{{w.hidden}}/do/", {"action": "publish"}),
    (f"{A}/components/{{w.hidden_news}}/do/", {"action": "delete"}),
    (f"{D}/phases/{{w.phase2.pk}}/do/", {"action": "activate"}),
    (f"{P}/news/{{w.draft_news}}/{{w.draft_post}}/delete/", {}),
    (f"{P}/news/{{w.news}}/{{w.draft_post}}/delete/", {}),
    (f"{P}/pages/{{w.hidden}}/", {"body_sv": "<p>Kapad</p>", "body_en": ""}),
    (f"{P}/pages/{{w.news}}/", {"body_sv": "<p>Kapad</p>", "body_en": ""}),
]


def test_ids_under_another_spaces_address_give_404_even_to_the_admin(
    world: SimpleNamespace,
) -> None:
    host = host_of(world.tenant_a)
    admin = signed_in(world.bob)
    for template in CROSSED_PUBLIC_URLS:
        url = template.format(w=world)
        assert admin.get(url, HTTP_HOST=host).status_code == 404, url
    before = state_of(world.tenant_a)
    for template, data in CROSSED_MANAGE_POSTS:
        url = template.format(w=world)
        assert admin.post(url, data, HTTP_HOST=host).status_code == 404, url
    assert state_of(world.tenant_a) == before


def test_an_admin_of_tenant_b_cannot_reach_tenant_as_rows_from_their_own_host(
    world: SimpleNamespace,
) -> None:
    """Memberships live in the shared schema; ids from tenant A must not work on B's host."""
    host = host_of(world.tenant_b)
    client = signed_in(world.charlie)
    before = state_of(world.tenant_a)
    response = client.post(f"/manage/roles/{world.membership}/revoke/", HTTP_HOST=host)
    assert response.status_code == 404
    bob_admin = Membership.objects.get(user=world.bob, tenant=world.tenant_a)
    response = client.post(f"/manage/roles/{bob_admin.pk}/revoke/", HTTP_HOST=host)
    assert response.status_code == 404
    roles_page = client.get("/manage/roles/", HTTP_HOST=host).content.decode()
    assert "charlie@example.org" in roles_page
    assert "bob@example.org" not in roles_page and "mona@example.org" not in roles_page
    for url in (f"/manage/processes/{world.process}/", f"/manage/assemblies/{world.assembly}/"):
        assert client.get(url, HTTP_HOST=host).status_code == 404, url
    assert state_of(world.tenant_a) == before
