"""Meetings for staff: the list, creating and changing meetings (both languages), the
agenda, the registrations (with counts and a CSV export), checking in by entry code at
the door, and the after-meeting report.

Every view starts with `get_component_for_rule`, so residents, anonymous visitors (after
sign-in) and other tenants' staff get 404 whatever the method."""

from __future__ import annotations

import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.forms.editor_views import (
    add_question_view,
    edit_question_view,
    question_action_view,
    questions_context,
)
from tenant_apps.meetings import queries
from tenant_apps.meetings.actions import linkable_proposals, save_agenda, save_meeting, save_report
from tenant_apps.meetings.forms import AgendaFormSet, CheckInForm, MeetingForm, ReportForm
from tenant_apps.meetings.models import AgendaItem, Meeting, Registration
from tenant_apps.meetings.registering import RegistrationRefused, check_in
from tenant_apps.meetings.registration_form import registration_form_of
from tenant_apps.spaces.access import get_component_for_rule
from tenant_apps.spaces.forms import apply_errors
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import has_perm

MANAGE = "meetings.manage_meetings"
CHECK_IN = "meetings.check_in"
REGISTRATIONS_PER_PAGE = 100


def _component(
    request: HttpRequest, kind: str, slug: str, component_id: int, rule: str = MANAGE
) -> Component:
    return get_component_for_rule(request, kind, slug, component_id, "meetings", rule)


def get_meeting_for_manage(component: Component, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(component=component, pk=meeting_id).first()
    if meeting is None:
        raise Http404
    meeting.component = component
    return meeting


def _page(
    request: HttpRequest, template: str, component: Component, **context: object
) -> HttpResponse:
    status = context.pop("status", 200)
    assert isinstance(status, int)
    return render(
        request,
        template,
        {"space": component.space, "component": component, **context},
        status=status,
    )


@login_required
def manage_meetings(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meetings = (
        Meeting.objects.filter(component=component)
        .with_counts()
        .select_related("organiser_user")
        .order_by("-starts", "-pk")
    )
    page = Paginator(meetings, 50).get_page(request.GET.get("page"))
    return _page(request, "manage/meetings_list.html", component, page=page, now=timezone.now())


def _meeting_form_page(
    request: HttpRequest, component: Component, meeting: Meeting | None
) -> HttpResponse:
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_meeting(request.user, component, form.cleaned_data, meeting)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(saved.get_manage_url())
    return _page(
        request,
        "manage/meeting_form.html",
        component,
        form=form,
        meeting=meeting,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def meeting_add(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    return _meeting_form_page(request, component, None)


@login_required
def meeting_edit(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting_for_manage(component, meeting_id)
    return _meeting_form_page(request, component, meeting)


@login_required
def meeting_agenda(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting_for_manage(component, meeting_id)
    formset = AgendaFormSet(
        request.POST or None, queryset=AgendaItem.objects.filter(meeting=meeting), prefix="agenda"
    )
    refusals: list[str] = []
    if request.method == "POST" and formset.is_valid():
        kept = [form for form in formset.ordered_forms if form.has_changed() or form.instance.pk]
        items = [
            form.cleaned_data
            for form in kept
            if not form.cleaned_data.get("DELETE") and form.cleaned_data.get("title_sv")
        ]
        try:
            save_agenda(request.user, meeting, items)
        except ValidationError as error:
            refusals = error.messages
        else:
            messages.success(request, _("The agenda is saved."))
            return redirect(f"{meeting.get_manage_url()}agenda/")
    return _page(
        request,
        "manage/meeting_agenda.html",
        component,
        meeting=meeting,
        formset=formset,
        refusals=refusals,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def meeting_registrations(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting_for_manage(component, meeting_id)
    registrations = (
        Registration.objects.filter(meeting=meeting)
        .select_related("user")
        .order_by("status", "position", "created", "pk")
    )
    page = Paginator(registrations, REGISTRATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return _page(
        request,
        "manage/meeting_registrations.html",
        component,
        meeting=meeting,
        page=page,
        counts=queries.counts(meeting),
        can_check_in=has_perm(request.user, CHECK_IN, component),
    )


def _cell(value: object) -> str:
    """Return a CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def registrations_csv(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting_for_manage(component, meeting_id)
    registrations = (
        Registration.objects.filter(meeting=meeting)
        .select_related("user")
        .order_by("status", "position", "created", "pk")
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["code", "name", "email", "status", "waiting_position", "registered", "attended",
         "cancelled", "answers"]
    )  # fmt: skip
    for registration in registrations.iterator(chunk_size=1000):
        user = registration.user
        writer.writerow(
            [
                _cell(registration.formatted_code),
                _cell(user.display_name if user else ""),
                _cell(user.email if user else ""),
                registration.status,
                registration.position or "",
                registration.created.isoformat(),
                registration.attended_at.isoformat() if registration.attended_at else "",
                registration.cancelled_at.isoformat() if registration.cancelled_at else "",
                _cell(json.dumps(registration.answers, ensure_ascii=False))
                if registration.answers
                else "",
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="meeting-{meeting.pk}-registrations.csv"'
    )
    return response


@login_required
def meeting_check_in(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id, CHECK_IN)
    meeting = get_meeting_for_manage(component, meeting_id)
    form = CheckInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                registration = check_in(request.user, meeting, form.cleaned_data["code"])
            except RegistrationRefused as refused:
                form.add_error("code", refused.message)
            else:
                user = registration.user
                messages.success(
                    request,
                    _("Checked in: %(name)s (%(code)s).")
                    % {
                        "name": user.display_name if user else _("Deleted participant"),
                        "code": registration.formatted_code,
                    },
                )
                return redirect(f"{meeting.get_manage_url()}check-in/")
    meeting.refresh_from_db(fields=["attendance_count"])
    return _page(
        request,
        "manage/meeting_check_in.html",
        component,
        meeting=meeting,
        form=form,
        counts=queries.counts(meeting),
        status=status,
    )


@login_required
def meeting_report(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting_for_manage(component, meeting_id)
    initial = {
        "minutes": meeting.minutes,
        "attendance_count": meeting.attendance_count,
        "closing_report": meeting.closing_report,
        "linked_proposals": list(meeting.linked_proposals.values_list("pk", flat=True)),
        "close": meeting.is_closed,
    }
    form = ReportForm(request.POST or None, initial=initial, proposals=linkable_proposals())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            save_report(
                request.user,
                meeting,
                minutes=data["minutes"],
                attendance_count=data["attendance_count"],
                closing_report=data["closing_report"],
                proposals=data["linked_proposals"],
                close=data["close"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The report is saved."))
            return redirect(f"{meeting.get_manage_url()}report/")
    return _page(
        request,
        "manage/meeting_report.html",
        component,
        meeting=meeting,
        form=form,
        started=meeting.has_started(),
        status=400 if request.method == "POST" else 200,
    )


def _questions_args(meeting: Meeting) -> dict[str, str]:
    return {
        "back": f"{meeting.get_manage_url()}questions/",
        "log_target": meeting.component.space.slug,
    }


@login_required
def meeting_questions(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    """The questions residents answer when they register (the forms engine's editor)."""
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting_for_manage(component, meeting_id)
    form = registration_form_of(meeting)
    return _page(
        request,
        "manage/meeting_questions.html",
        component,
        meeting=meeting,
        editor_url=f"{meeting.get_manage_url()}questions/",
        **questions_context(form),
    )


@login_required
def meeting_question_add(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, meeting_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting_for_manage(component, meeting_id)
    context = {"space": component.space, "component": component, "meeting": meeting}
    return add_question_view(
        request, registration_form_of(meeting), context=context, **_questions_args(meeting)
    )


@login_required
def meeting_question_edit(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    meeting_id: int,
    question_id: int,
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting_for_manage(component, meeting_id)
    context = {"space": component.space, "component": component, "meeting": meeting}
    return edit_question_view(
        request,
        registration_form_of(meeting),
        question_id,
        context=context,
        **_questions_args(meeting),
    )


@login_required
def meeting_question_action(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    meeting_id: int,
    question_id: int,
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    meeting = get_meeting_for_manage(component, meeting_id)
    # After the lookup: a GET from someone else is a 404 like every other request.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return question_action_view(
        request, registration_form_of(meeting), question_id, **_questions_args(meeting)
    )
