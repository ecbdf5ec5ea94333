"""Form endpoints for comments (no JavaScript): each POST redirects back to the resource's
page at the comment; a refused post re-renders its form with the typed text (status 400)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from config.usertext import HELP_TEXT
from tenant_apps.comments.access import get_comment_for_user, get_target_for_user
from tenant_apps.comments.actions import (
    CommentRefused,
    delete_comment,
    edit_comment,
    post_comment,
    vote_comment,
)
from tenant_apps.comments.models import BODY_MAX_LENGTH, Alignment, Comment
from tenant_apps.comments.registry import action_for, gate


class CommentForm(forms.Form):
    # Length and emptiness are checked by the action (config.usertext), with its messages.
    body = forms.CharField(
        label=gettext_lazy("Your comment"),
        help_text=HELP_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": BODY_MAX_LENGTH}),
    )
    alignment = forms.TypedChoiceField(
        label=gettext_lazy("Your position"),
        choices=Alignment.choices,
        coerce=int,
        initial=Alignment.NEUTRAL,
        required=False,
        # None: no position chosen; the action decides (neutral, or refused where the
        # commented type requires a position).
        empty_value=None,
        widget=forms.RadioSelect,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditForm(forms.Form):
    body = CommentForm.base_fields["body"]


def _comment_url(target: Any, comment: Comment) -> str:
    return f"{target.get_absolute_url()}#{comment.anchor}"


def _refused(
    request: HttpRequest,
    form: forms.Form,
    *,
    component: Any,
    target_type: str,
    target: Any,
    action_url: str,
    heading: str,
    message: str = "",
) -> HttpResponse:
    """Show the form again with what was typed and why it did not go through."""
    return render(
        request,
        "comments/comment_form.html",
        {
            "form": form,
            "component": component,
            "target": target,
            "action_url": action_url,
            "heading": heading,
            "message": message,
            "answer": gate(request.user, component, target_type, target),
            "action": action_for(target_type),
        },
        status=400,
    )


@require_POST
def add(request: HttpRequest, component_id: int, target_type: str, target_id: int) -> HttpResponse:
    """Post a comment on a resource, or a reply (the form's `parent`)."""
    component, target = get_target_for_user(request, component_id, target_type, target_id)
    form = CommentForm(request.POST)
    action_url = reverse("comments:add", args=[component_id, target_type, target_id])
    heading = _("Comment on %(title)s") % {"title": target}
    refused = partial(
        _refused, request, form, component=component, target_type=target_type, target=target,
        action_url=action_url, heading=heading,
    )  # fmt: skip
    if not form.is_valid():
        return refused()
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(
            pk=form.cleaned_data["parent"],
            component=component,
            target_type=target_type,
            target_id=target_id,
        ).first()
        if parent is None:
            raise Http404
    try:
        comment = post_comment(
            request.user,
            component,
            target_type,
            target_id,
            body=form.cleaned_data["body"],
            alignment=form.cleaned_data["alignment"],
            parent=parent,
        )
    except CommentRefused as refusal:
        return refused(message=refusal.message)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return refused()
    messages.success(request, _("Your comment is posted."))
    return redirect(_comment_url(target, comment))


def _own_comment(request: HttpRequest, comment_id: int) -> tuple[Comment, Any]:
    """Return the user's own comment (404 for anyone else's: nothing to do with it)."""
    comment, target = get_comment_for_user(request, comment_id)
    if comment.author_id != request.user.pk or comment.deleted_at is not None:
        raise Http404
    return comment, target


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, target = _own_comment(request, comment_id)
    action_url = reverse("comments:edit", args=[comment.pk])
    heading = _("Edit your comment")
    form = EditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "GET" or not form.is_valid():
        return render(
            request,
            "comments/comment_form.html",
            {
                "form": form,
                "component": comment.component,
                "target": target,
                "action_url": action_url,
                "heading": heading,
                "answer": gate(request.user, comment.component, comment.target_type, target),
                "action": action_for(comment.target_type),
            },
            status=200 if request.method == "GET" else 400,
        )
    refused = partial(
        _refused, request, form, component=comment.component,
        target_type=comment.target_type, target=target, action_url=action_url, heading=heading,
    )  # fmt: skip
    try:
        edit_comment(request.user, comment, body=form.cleaned_data["body"])
    except CommentRefused as refusal:
        return refused(message=refusal.message)
    except ValidationError as error:
        form.add_error("body", error.message_dict.get("body", error.messages))
        return refused()
    messages.success(request, _("Your comment is changed."))
    return redirect(_comment_url(target, comment))


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, target = _own_comment(request, comment_id)
    if request.method == "GET":
        return render(
            request,
            "comments/comment_delete.html",
            {"comment": comment, "component": comment.component, "target": target},
        )
    try:
        delete_comment(request.user, comment)
    except CommentRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your comment is deleted."))
    return redirect(_comment_url(target, comment))


@require_POST
def vote(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Vote up or down (the same button again takes the vote back)."""
    comment, target = get_comment_for_user(request, comment_id)
    value = {"up": 1, "down": -1}.get(request.POST.get("value", ""))
    if value is None:
        messages.error(request, _("Vote up or down."))
    else:
        try:
            vote_comment(request.user, comment, value)
        except CommentRefused as refusal:
            messages.error(request, refusal.message)
    return redirect(_comment_url(target, comment))
