"""News for residents (list, post) and for staff (write, change, delete)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenant_apps.news.actions import delete_post, save_post
from tenant_apps.news.models import Post
from tenant_apps.spaces.access import get_component_for_manage, get_component_for_user
from tenant_apps.spaces.announcements import announcement
from tenant_apps.spaces.forms import RICH_TEXT_HELP, apply_errors


def post_list(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_user(request, space_kind, space_slug, component_id, "news")
    settings = component.current_settings()
    paginator = Paginator(component.posts.visible(), settings["posts_per_page"])
    return render(
        request,
        "news/post_list.html",
        {
            "space": component.space,
            "component": component,
            "posts": paginator.get_page(request.GET.get("page")),
            "announcement": announcement(settings),
        },
    )


def post_detail(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, post_id: int
) -> HttpResponse:
    component = get_component_for_user(request, space_kind, space_slug, component_id, "news")
    post = component.posts.visible().filter(pk=post_id).first()
    if post is None:
        raise Http404
    return render(
        request,
        "news/post_detail.html",
        {"space": component.space, "component": component, "post": post},
    )


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["title_sv", "title_en", "body_sv", "body_en", "published_at"]
        widgets = {
            "body_sv": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
            "published_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }
        help_texts = {"body_sv": RICH_TEXT_HELP, "body_en": RICH_TEXT_HELP}


@login_required
def manage_posts(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_manage(request, space_kind, space_slug, component_id, "news")
    return render(
        request,
        "manage/news_posts.html",
        {"space": component.space, "component": component, "posts": component.posts.all()},
    )


@login_required
def post_edit(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    post_id: int | None = None,
) -> HttpResponse:
    component = get_component_for_manage(request, space_kind, space_slug, component_id, "news")
    post = None
    if post_id is not None:
        post = component.posts.filter(pk=post_id).first()
        if post is None:
            raise Http404
    form = PostForm(request.POST or None, instance=post)
    if request.method == "POST" and form.is_valid():
        try:
            save_post(component, by=request.user, data=form.cleaned_data, post=post)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The post is saved."))
            return redirect(component.get_content_manage_url())
    return render(
        request,
        "manage/form_page.html",
        {
            "space": component.space,
            "component": component,
            "form": form,
            "heading": _("Edit the post") if post else _("Write a post"),
            "submit": _("Save"),
        },
    )


@require_POST
@login_required
def post_delete(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, post_id: int
) -> HttpResponse:
    component = get_component_for_manage(request, space_kind, space_slug, component_id, "news")
    post = component.posts.filter(pk=post_id).first()
    if post is None:
        raise Http404
    delete_post(post, by=request.user)
    messages.success(request, _("The post is deleted."))
    return redirect(component.get_content_manage_url())


def latest_posts(limit: int = 5) -> list[Post]:
    """Return the tenant's newest public posts for its home page (one query)."""
    return list(
        Post.objects.public()
        .select_related("component__process", "component__assembly")
        .order_by("-published_at")[:limit]
    )
