"""Delivering the selected projects: status (selected → in progress → done, or cancelled),
progress, dated milestones and updates. Residents who follow a project ("project:<id>")
get an inbox entry ("project_update") for each update and each change of status.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from config.translated import in_both_languages
from config.usertext import clean_user_text
from shared_apps.notifications.actions import notify
from tenant_apps.actionlog.actions import changes, log_action, snapshot
from tenant_apps.budgets.models import Milestone, Project, ProjectUpdate
from tenant_apps.spaces.permissions import require

S = Project.Status
DELIVERY_STATUSES = (S.SELECTED, S.IN_PROGRESS, S.DONE, S.CANCELLED)
# Which status may follow which: back from in progress is allowed (plans change), and a
# cancelled or done project can be reopened by putting it in progress again.
NEXT: dict[str, set[str]] = {
    S.SELECTED: {S.IN_PROGRESS, S.CANCELLED, S.DONE},
    S.IN_PROGRESS: {S.SELECTED, S.DONE, S.CANCELLED},
    S.DONE: {S.IN_PROGRESS},
    S.CANCELLED: {S.IN_PROGRESS, S.SELECTED},
}


def is_delivered(project: Project) -> bool:
    """Return whether the project is a result (selected or further along)."""
    return project.status in DELIVERY_STATUSES


def _lock(project: Project) -> Project:
    locked = Project.objects.select_for_update().select_related("budget").get(pk=project.pk)
    locked.budget.component = project.budget.component
    return locked


def _tell_followers(project: Project, by: Any, text_sv: str, text_en: str) -> None:
    notify(
        "project_update",
        title_sv=project.title_sv,
        title_en=project.title_en or project.title_sv,
        text_sv=text_sv[:500],
        text_en=(text_en or text_sv)[:500],
        path=delivery_path(project),
        keys=[project.follow_key],
        actor=by,
    )


def delivery_path(project: Project) -> str:
    return f"{project.budget.component.get_absolute_url()}delivery/{project.pk}/"


def set_delivery(by: Any, project: Project, *, status: str, progress: int) -> Project:
    """Change a selected project's status and progress; followers hear of a new status."""
    require(by, "budgets.manage_budgets", project.budget.component)
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": [_("Enter a progress between 0 and 100.")]})
    with transaction.atomic():
        project = _lock(project)
        if not is_delivered(project):
            raise ValidationError(_("Only selected projects are followed until done."))
        if status != project.status and status not in NEXT.get(project.status, set()):
            raise ValidationError(
                {
                    "status": [
                        _("A project cannot go from “%(old)s” to “%(new)s”.")
                        % {"old": project.get_status_display(), "new": S(status).label}
                    ]
                }
            )
        before = snapshot(project, ["status", "progress"])
        project.status = status
        project.progress = 100 if status == S.DONE else progress
        project.save(update_fields=["status", "progress", "modified"])
        changed = changes(before, snapshot(project, ["status", "progress"]))
        log_action(
            by,
            "budgets.delivery_changed",
            target=project.budget.component.space.slug,
            project=project.pk,
            changes=changed,
        )
        if "status" in changed:
            # City-wide e-proposals followed up by this project keep its status; "done"
            # carries them out. Same transaction: both change or neither.
            from shared_apps.eproposals.handling import project_status_changed
            from tenants.models import Tenant

            # By schema: under schema_context (commands, tasks) connection.tenant is a stand-in.
            schema: str = connection.schema_name  # type: ignore[attr-defined]
            tenant = Tenant.objects.get(schema_name=schema)
            project_status_changed(tenant, project.pk, status, by)
            texts = in_both_languages(
                lambda: _("New status: %(status)s") % {"status": S(status).label}
            )
            _tell_followers(project, by, *texts)
    return project


def add_milestone(
    by: Any, project: Project, *, title_sv: str, title_en: str = "", due: date, done: bool = False
) -> Milestone:
    require(by, "budgets.manage_budgets", project.budget.component)
    with transaction.atomic():
        project = _lock(project)
        milestone = Milestone(
            project=project, title_sv=title_sv, title_en=title_en, due=due, done=done
        )
        milestone.full_clean()
        milestone.save()
        log_action(
            by,
            "budgets.milestone_added",
            target=project.budget.component.space.slug,
            project=project.pk,
            after=snapshot(milestone, ["title_sv", "title_en", "due", "done"]),
        )
    return milestone


def change_milestone(
    by: Any, milestone: Milestone, *, done: bool | None = None, delete: bool = False
) -> None:
    """Mark a milestone done (or not done), or remove it."""
    project = milestone.project
    require(by, "budgets.manage_budgets", project.budget.component)
    with transaction.atomic():
        before = snapshot(milestone, ["title_sv", "due", "done"])
        if delete:
            milestone.delete()
            log_action(
                by,
                "budgets.milestone_deleted",
                target=project.budget.component.space.slug,
                project=project.pk,
                before=before,
            )
            return
        if done is not None:
            milestone.done = done
            milestone.save(update_fields=["done"])
        log_action(
            by,
            "budgets.milestone_changed",
            target=project.budget.component.space.slug,
            project=project.pk,
            milestone=milestone.pk,
            changes=changes(before, snapshot(milestone, ["title_sv", "due", "done"])),
        )


def add_update(by: Any, project: Project, *, text_sv: str, text_en: str = "") -> ProjectUpdate:
    """Post news about the project's delivery; its followers get an inbox entry."""
    require(by, "budgets.manage_budgets", project.budget.component)
    errors = {}
    texts = {}
    for name, value, least in (("text_sv", text_sv, 1), ("text_en", text_en, 0)):
        try:
            texts[name] = clean_user_text(value, max_length=5000, min_length=least)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        project = _lock(project)
        if not is_delivered(project):
            raise ValidationError(_("Only selected projects are followed until done."))
        update = ProjectUpdate.objects.create(
            project=project,
            text_sv=texts["text_sv"],
            text_en=texts["text_en"],
            author=by if getattr(by, "is_authenticated", False) else None,
        )
        log_action(
            by,
            "budgets.update_posted",
            target=project.budget.component.space.slug,
            project=project.pk,
            update=update.pk,
        )
        _tell_followers(project, by, texts["text_sv"], texts["text_en"])
    return update
