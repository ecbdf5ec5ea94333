"""Show a page to residents; let staff edit its text."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenant_apps.pages.actions import update_page
from tenant_apps.pages.models import Page
from tenant_apps.spaces.access import get_component_for_manage, get_component_for_user
from tenant_apps.spaces.announcements import announcement
from tenant_apps.spaces.forms import RICH_TEXT_HELP, apply_errors


def page_detail(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_user(request, space_kind, space_slug, component_id, "pages")
    page, _created = Page.objects.get_or_create(component=component)
    return render(
        request,
        "pages/page_detail.html",
        {
            "space": component.space,
            "component": component,
            "page": page,
            "announcement": announcement(component.current_settings()),
        },
    )


class PageForm(forms.Form):
    body_sv = forms.CharField(
        label=gettext_lazy("Text in Swedish"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text=RICH_TEXT_HELP,
    )
    body_en = forms.CharField(
        label=gettext_lazy("Text in English"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text=RICH_TEXT_HELP,
    )


@login_required
def page_edit(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_manage(request, space_kind, space_slug, component_id, "pages")
    page, _created = Page.objects.get_or_create(component=component)
    form = PageForm(
        request.POST or None, initial={"body_sv": page.body_sv, "body_en": page.body_en}
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_page(page, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The page is saved."))
            return redirect(component.get_content_manage_url())
    return render(
        request,
        "manage/form_page.html",
        {
            "space": component.space,
            "component": component,
            "form": form,
            "heading": _("Edit the page “%(name)s”") % {"name": component.name},
            "submit": _("Save"),
        },
    )
