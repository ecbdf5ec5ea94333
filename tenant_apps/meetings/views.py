"""Meetings for residents: the list, a meeting, registering, cancelling, one's own
registration with its entry code, the iCal file, proposing a meeting, and the tenant's
feed. Every form works without JavaScript.

Each view finds the component and the meeting first, so another tenant's host, an
unpublished component or meeting, or a meeting of another component answer 404 before
sign-in or method checks could tell a visitor that the address exists."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from config.translated import current_language
from tenant_apps.comments.queries import comment_section
from tenant_apps.meetings import queries
from tenant_apps.meetings.actions import propose_meeting
from tenant_apps.meetings.forms import ProposeMeetingForm
from tenant_apps.meetings.ical import calendar_text
from tenant_apps.meetings.models import Meeting, Registration
from tenant_apps.meetings.questions import registration_answers, registration_questions
from tenant_apps.meetings.registering import (
    RegistrationRefused,
    active_registration,
    cancel_registration,
    register,
    registration_closed_reason,
)
from tenant_apps.spaces.access import get_component_for_user
from tenant_apps.spaces.announcements import announcement
from tenant_apps.spaces.forms import apply_errors
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import check_action, has_perm

WHEN = ("upcoming", "past")


def _component(request: HttpRequest, kind: str, slug: str, component_id: int) -> Component:
    return get_component_for_user(request, kind, slug, component_id, "meetings")


def get_meeting(request: HttpRequest, component: Component, meeting_id: int) -> Meeting:
    """Return the component's meeting when the visitor may see it: published, or any for
    the tenant's meeting staff (a preview). 404 for everything else."""
    meeting = (
        Meeting.objects.filter(component=component, pk=meeting_id)
        .select_related("organiser_assembly")
        .first()
    )
    if meeting is None:
        raise Http404
    if not meeting.published and not has_perm(request.user, "meetings.manage_meetings", component):
        raise Http404
    meeting.component = component
    return meeting


def meeting_list(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    settings = component.current_settings()
    when = request.GET.get("when", "upcoming")
    kind = request.GET.get("kind", "")
    bad = when not in WHEN or (kind and kind not in Meeting.Kind.values)
    meetings = queries.listed(component, when="upcoming" if bad else when, kind="" if bad else kind)
    page = Paginator(meetings, settings["per_page"]).get_page(request.GET.get("page"))
    if bad:
        page = Paginator(Meeting.objects.none(), settings["per_page"]).get_page(1)
    statuses = queries.statuses_for(request.user, [meeting.pk for meeting in page])
    for meeting in page:
        meeting.component = component
        # Shown on the card; set here so the template needs no lookups.
        setattr(meeting, "my_status", statuses.get(meeting.pk, ""))  # noqa: B010
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "space": component.space,
            "component": component,
            "settings": settings,
            "announcement": announcement(settings),
            "page": page,
            "when": when if not bad else "upcoming",
            "kind": kind if not bad else "",
            "bad_filter": bad,
            "kinds": Meeting.Kind.choices,
            "query": f"when={when}&kind={kind}" if not bad else "",
            "propose": check_action(request.user, component, "propose_meeting", settings=settings),
        },
        status=400 if bad else 200,
    )


def _detail_context(request: HttpRequest, component: Component, meeting: Meeting) -> dict[str, Any]:
    settings = component.current_settings()
    registration = active_registration(request.user, meeting)
    minutes = settings["online_link_minutes"]
    counts = queries.counts(meeting)
    return {
        "space": component.space,
        "component": component,
        "settings": settings,
        "meeting": meeting,
        "agenda": list(meeting.agenda.all()),
        "registration": registration,
        "counts": counts,
        "places_left": None
        if meeting.capacity is None
        else max(meeting.capacity - counts["registered"], 0),
        "register_answer": check_action(request.user, component, "register", settings=settings),
        "closed_reason": registration_closed_reason(meeting),
        "show_online_link": registration is not None
        and registration.has_place
        and meeting.online_link_open(minutes),
        "online_link_opens": meeting.online_link_opens(minutes),
        "linked_proposals": list(queries.visible_proposals(meeting)),
        "can_manage": has_perm(request.user, "meetings.manage_meetings", component),
        "has_ended": meeting.has_ended(),
        "comments": comment_section(request, component, "meeting", meeting)
        if meeting.published
        else None,
    }


def meeting_detail(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting(request, component, meeting_id)
    return render(
        request, "meetings/meeting_detail.html", _detail_context(request, component, meeting)
    )


def meeting_register(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    """Show the registration page (with the meeting's questions, if any) and register.

    `registration_questions` is the forms engine's hook (questions.py): without a
    provider there are no questions and the page is a confirmation."""
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting(request, component, meeting_id)
    questions = registration_questions(meeting, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if questions is None or questions.is_valid():
            try:
                registration = register(
                    request.user, meeting, answers=registration_answers(meeting, questions)
                )
            except RegistrationRefused as refused:
                messages.error(request, refused.message)
                return redirect(f"{meeting.get_absolute_url()}#registration")
            if registration.status == Registration.Status.WAITLISTED:
                messages.success(
                    request,
                    _("The meeting is full. You are number %(position)s on the waiting list.")
                    % {"position": registration.position},
                )
            else:
                messages.success(request, _("You are registered. Your entry code is shown below."))
            return redirect(f"{meeting.get_absolute_url()}registration/")
        status = 400
    return render(
        request,
        "meetings/meeting_register.html",
        {
            "space": component.space,
            "component": component,
            "meeting": meeting,
            "questions": questions,
            "answer": check_action(request.user, component, "register"),
            "closed_reason": registration_closed_reason(meeting),
            "registration": active_registration(request.user, meeting),
        },
        status=status,
    )


def _own_registration(request: HttpRequest, meeting: Meeting) -> Registration:
    registration = active_registration(request.user, meeting)
    if registration is None:
        raise Http404
    return registration


def meeting_cancel(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting(request, component, meeting_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registration = _own_registration(request, meeting)
    if request.method == "POST":
        try:
            cancel_registration(request.user, registration)
        except RegistrationRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect(f"{meeting.get_absolute_url()}#registration")
    return render(
        request,
        "meetings/meeting_cancel.html",
        {
            "space": component.space,
            "component": component,
            "meeting": meeting,
            "registration": registration,
        },
    )


def my_registration(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting(request, component, meeting_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registration = _own_registration(request, meeting)
    minutes = component.current_settings()["online_link_minutes"]
    return render(
        request,
        "meetings/registration_detail.html",
        {
            "space": component.space,
            "component": component,
            "meeting": meeting,
            "registration": registration,
            "show_online_link": registration.has_place and meeting.online_link_open(minutes),
            "online_link_opens": meeting.online_link_opens(minutes),
        },
    )


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting(request, component, meeting_id)
    if not meeting.published:
        raise Http404  # a preview for staff is no calendar entry
    text = calendar_text([meeting], request, name=meeting.title.text, language=current_language())
    return _ics_response(text, f"meeting-{meeting.pk}.ics")


def meeting_propose(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    answer = check_action(request.user, component, "propose_meeting")
    form = ProposeMeetingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                propose_meeting(request.user, component, form.cleaned_data)
            except RegistrationRefused as refused:
                form.add_error(None, refused.message)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you. The administration checks your meeting before it is published."),
                )
                return redirect(component.get_absolute_url())
    return render(
        request,
        "meetings/meeting_propose.html",
        {"space": component.space, "component": component, "form": form, "answer": answer},
        status=status,
    )


def tenant_feed(request: HttpRequest) -> HttpResponse:
    """Return the tenant's published meetings, from a month back, as one calendar."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    meetings = queries.feed(timezone.now())
    tenant = getattr(request, "tenant", None)
    name = _("Meetings – %(tenant)s") % {"tenant": tenant.name if tenant else ""}
    return _ics_response(
        calendar_text(meetings, request, name=name, language=current_language()), "meetings.ics"
    )
