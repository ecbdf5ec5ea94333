"""Residents' writes on one e-proposal: support, withdraw support, withdraw the
e-proposal (with a confirm page), and comments. Each is a plain POST that calls one
action function and redirects back with a message; a refused comment re-renders the page
with the text kept."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shared_apps.eproposals import actions, comments, supports
from shared_apps.eproposals.access import get_public_eproposal
from shared_apps.eproposals.errors import EProposalRefused, refusal_message
from shared_apps.eproposals.models import Comment, EProposal
from shared_apps.eproposals.views import detail_context, portal_only
from tenants.links import sign_in_url


def _back(eproposal: EProposal, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(eproposal.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def _signed_in_or_redirect(request: HttpRequest, eproposal: EProposal) -> HttpResponse | None:
    if request.user.is_authenticated:
        return None
    return HttpResponseRedirect(sign_in_url(request, eproposal.get_absolute_url()))


@portal_only
@require_POST
def support(request: HttpRequest, pk: int) -> HttpResponse:
    eproposal = get_public_eproposal(request.user, pk)
    if (redirect := _signed_in_or_redirect(request, eproposal)) is not None:
        return redirect
    try:
        supports.support(request.user, eproposal)
    except EProposalRefused as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, _("Thank you: your support is counted."))
    return _back(eproposal, "support")


@portal_only
@require_POST
def unsupport(request: HttpRequest, pk: int) -> HttpResponse:
    eproposal = get_public_eproposal(request.user, pk)
    if (redirect := _signed_in_or_redirect(request, eproposal)) is not None:
        return redirect
    try:
        supports.withdraw_support(request.user, eproposal)
    except EProposalRefused as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, _("Your support is withdrawn."))
    return _back(eproposal, "support")


@portal_only
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the proposer to confirm (GET), then withdraw the e-proposal (POST)."""
    eproposal = get_public_eproposal(request.user, pk)
    if not request.user.is_authenticated or eproposal.author_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        try:
            actions.withdraw(request.user, eproposal)
        except EProposalRefused as error:
            messages.error(request, refusal_message(error))
        else:
            messages.success(request, _("Your e-proposal is withdrawn."))
        return _back(eproposal)
    if eproposal.status not in (EProposal.Status.PENDING, EProposal.Status.OPEN):
        messages.error(
            request, _("An e-proposal can be withdrawn only before it reaches its supports.")
        )
        return _back(eproposal)
    return render(request, "eproposals/eproposal_withdraw.html", {"eproposal": eproposal})


def _comment_of(eproposal: EProposal, comment_id: int) -> Comment:
    comment = Comment.objects.filter(eproposal=eproposal, pk=comment_id).first()
    if comment is None:
        raise Http404
    return comment


@portal_only
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    eproposal = get_public_eproposal(request.user, pk)
    if (redirect := _signed_in_or_redirect(request, eproposal)) is not None:
        return redirect
    body = request.POST.get("body", "")
    parent_id = request.POST.get("parent", "")
    parent = _comment_of(eproposal, int(parent_id)) if parent_id.isdigit() else None
    try:
        alignment = int(request.POST.get("alignment", "0"))
    except ValueError:
        alignment = 99  # refused by add_comment with its own message
    try:
        comment = comments.add_comment(
            request.user, eproposal, body=body, alignment=alignment, parent=parent
        )
    except (EProposalRefused, ValidationError) as error:
        form = {"body": body, "alignment": alignment, "parent": parent.pk if parent else None}
        form["error"] = refusal_message(error)
        context = detail_context(request, eproposal, comment_form=form)
        return render(request, "eproposals/eproposal_detail.html", context, status=400)
    messages.success(request, _("Your comment is published."))
    return _back(eproposal, comment.anchor)


@portal_only
@require_POST
def comment_delete(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    eproposal = get_public_eproposal(request.user, pk)
    if (redirect := _signed_in_or_redirect(request, eproposal)) is not None:
        return redirect
    comment = _comment_of(eproposal, comment_id)
    try:
        comments.delete_comment(request.user, comment)
    except EProposalRefused as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, _("Your comment is deleted."))
    return _back(eproposal, comment.anchor)


@portal_only
@require_POST
def comment_report(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    eproposal = get_public_eproposal(request.user, pk)
    if (redirect := _signed_in_or_redirect(request, eproposal)) is not None:
        return redirect
    comment = _comment_of(eproposal, comment_id)
    try:
        comments.report_comment(request.user, comment, reason=request.POST.get("reason", ""))
    except EProposalRefused as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, _("Thank you. The moderators will look at the comment."))
    return _back(eproposal, comment.anchor)
