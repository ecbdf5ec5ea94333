"""Staff changes to budgets and projects, with the rules frozen once voting has begun.

The first submitted ballot (online or on paper) sets `Budget.frozen_at`. From then on the
amount, the ballot and outcome rules and the list of projects (adding, removing, costs)
cannot change: voters agreed to them. Texts, images and places can still be corrected,
and every change is in the action log with its before and after values.

Each function locks the budget row first, so an edit and the ballot that freezes the
budget are applied one after the other and the edit sees the freeze.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from config.richtext import clean_rich_text
from tenant_apps.actionlog.actions import changes, log_action, snapshot
from tenant_apps.budgets.models import Budget, Project
from tenant_apps.budgets.search import reindex_project, unindex_projects
from tenant_apps.proposals.attachments import check_upload
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import require

BUDGET_TEXTS = ["title_sv", "title_en", "description_sv", "description_en"]
# What voters agreed to: frozen by the first submitted ballot.
BUDGET_RULES = [
    "amount", "area_id", "ballot_rule", "min_share", "min_projects", "max_projects", "points",
    "outcome_rule", "completion",
]  # fmt: skip
BUDGET_FIELDS = BUDGET_TEXTS + BUDGET_RULES
PROJECT_TEXTS = [
    "title_sv", "title_en", "description_sv", "description_en", "image_alt", "address",
    "latitude", "longitude", "area_id", "category_id", "status",
]  # fmt: skip
# The cost is on the ballot: changing it after the first vote changes what was chosen.
PROJECT_RULES = ["cost"]
PROJECT_FIELDS = PROJECT_TEXTS + PROJECT_RULES
RICH = ("description_sv", "description_en")


def frozen_message(budget: Budget) -> str:
    """Return why the budget's rules cannot change, naming when the first ballot came."""
    when = formats.date_format(timezone.localtime(budget.frozen_at), "DATETIME_FORMAT")
    return _(
        "Voting has begun: the first ballot came at %(when)s. The amount, the rules and the "
        "list of projects and their costs are frozen; texts and images can still be corrected."
    ) % {"when": when}


def lock_budget(budget: Budget) -> Budget:
    """Re-read the budget under a row lock (inside transaction.atomic())."""
    locked = Budget.objects.select_for_update().get(pk=budget.pk)
    locked.component = budget.component
    return locked


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    cleaned, errors = dict(data), {}
    for name in RICH:
        if name in cleaned:
            try:
                cleaned[name] = clean_rich_text(cleaned[name] or "")
            except ValidationError as error:
                errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_budget_rules(budget: Budget) -> None:
    most = budget.max_projects
    if most is not None and most < budget.min_projects:
        raise ValidationError(
            {"max_projects": [_("The most projects cannot be fewer than the least.")]}
        )


def save_budget(
    by: Any, component: Component, budget: Budget | None, data: dict[str, Any]
) -> Budget:
    """Create a budget in the component, or change one; refuse rule changes once frozen."""
    require(by, "budgets.manage_budgets", component)
    data = _clean(data)
    unknown = set(data) - set(BUDGET_FIELDS)
    if unknown:
        raise ValueError(f"not budget fields: {sorted(unknown)}")
    with transaction.atomic():
        if budget is None:
            budget = Budget(component=component, position=component.budgets.count())
            before: dict[str, Any] = {}
        else:
            budget = lock_budget(budget)
            before = snapshot(budget, BUDGET_FIELDS)
        for name, value in data.items():
            setattr(budget, name, value)
        after = snapshot(budget, BUDGET_FIELDS)
        changed = changes(before, after) if before else {}
        if budget.is_frozen and set(changed) & set(BUDGET_RULES):
            raise ValidationError(frozen_message(budget), code="frozen")
        budget.full_clean(exclude=["component"])
        _check_budget_rules(budget)
        created = budget.pk is None
        budget.save()
        log_action(
            by,
            "budgets.budget_created" if created else "budgets.budget_changed",
            target=component.space.slug,
            budget=budget.pk,
            **({"after": after} if created else {"changes": changed}),
        )
    return budget


def _store_image(project: Project, upload: UploadedFile) -> None:
    checked = check_upload(upload)
    if checked.kind != "image":
        raise ValidationError({"image": [_("Choose an image (JPEG, PNG, GIF or WebP).")]})
    # Re-encoded as JPEG without metadata (a phone photo's GPS position is dropped).
    project.image.save("project.jpg", checked.content, save=False)


def save_project(
    by: Any,
    budget: Budget,
    project: Project | None,
    data: dict[str, Any],
    *,
    image: UploadedFile | None = None,
    remove_image: bool = False,
) -> Project:
    """Add a project to a budget or change one; adding and changing costs stop at the freeze."""
    require(by, "budgets.manage_budgets", budget.component)
    data = _clean(data)
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"not project fields: {sorted(unknown)}")
    with transaction.atomic():
        budget = lock_budget(budget)
        if project is None:
            if budget.is_frozen:
                raise ValidationError(frozen_message(budget), code="frozen")
            project = Project(budget=budget, position=budget.projects.count())
            before: dict[str, Any] = {}
        else:
            project = Project.objects.select_for_update().get(pk=project.pk, budget=budget)
            before = snapshot(project, [*PROJECT_FIELDS, "image"])
        for name, value in data.items():
            setattr(project, name, value)
        if before and budget.is_frozen and project.cost != int(before["cost"]):
            raise ValidationError(frozen_message(budget), code="frozen")
        project.full_clean(exclude=["budget", "image"])
        if image is not None:
            _store_image(project, image)
        elif remove_image and project.image:
            project.image = ""
        created = project.pk is None
        project.save()
        reindex_project(project)
        after = snapshot(project, [*PROJECT_FIELDS, "image"])
        log_action(
            by,
            "budgets.project_created" if created else "budgets.project_changed",
            target=budget.component.space.slug,
            budget=budget.pk,
            project=project.pk,
            **({"after": after} if created else {"changes": changes(before, after)}),
            **({"after_freeze": True} if budget.is_frozen else {}),
        )
    return project


def delete_project(by: Any, project: Project) -> None:
    """Remove a project from the ballot, only while no one has voted."""
    budget = project.budget
    require(by, "budgets.manage_budgets", budget.component)
    with transaction.atomic():
        budget = lock_budget(budget)
        if budget.is_frozen:
            raise ValidationError(frozen_message(budget), code="frozen")
        log_action(
            by,
            "budgets.project_deleted",
            target=budget.component.space.slug,
            budget=budget.pk,
            project=project.pk,
            before=snapshot(project, PROJECT_FIELDS),
        )
        unindex_projects([project.pk])
        project.delete()


def delete_budget(by: Any, budget: Budget) -> None:
    """Remove a budget with its projects, only while no resident has a ballot in it (not
    even a draft: removing it would take their choices away)."""
    require(by, "budgets.manage_budgets", budget.component)
    with transaction.atomic():
        budget = lock_budget(budget)
        if budget.ballots.exists():
            raise ValidationError(
                _(
                    "Residents have started ballots in this budget, so it cannot be "
                    "removed. Change its texts instead."
                ),
                code="has_ballots",
            )
        log_action(
            by,
            "budgets.budget_deleted",
            target=budget.component.space.slug,
            budget=budget.pk,
            before=snapshot(budget, BUDGET_FIELDS),
            projects=list(budget.projects.values_list("title_sv", flat=True)),
        )
        unindex_projects(list(budget.projects.values_list("pk", flat=True)))
        budget.delete()


def move_budget(by: Any, budget: Budget, step: int) -> None:
    """Move a budget one place up (step -1) or down (+1) in the component's list, the
    order residents see. Only the order changes, so frozen budgets move too."""
    require(by, "budgets.manage_budgets", budget.component)
    with transaction.atomic():
        siblings = list(
            Budget.objects.select_for_update()
            .filter(component_id=budget.component_id)
            .order_by("position", "pk")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == budget.pk)
        target = index + step
        if not 0 <= target < len(siblings):
            return
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position"])
        log_action(
            by,
            "budgets.budget_moved",
            target=budget.component.space.slug,
            budget=budget.pk,
            position=target,
        )


def freeze(budget: Budget) -> None:
    """Freeze the budget's rules at its first submitted ballot (a no-op afterwards); call
    inside the ballot's transaction, after `lock_budget`."""
    if budget.frozen_at is None:
        budget.frozen_at = timezone.now()
        Budget.objects.filter(pk=budget.pk, frozen_at=None).update(frozen_at=budget.frozen_at)
