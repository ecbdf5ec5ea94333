"""{% load comment_tags %}{{ comment.body|user_text }}: a resident's text as safe HTML."""

from __future__ import annotations

from django import template

from config.usertext import render_user_text

register = template.Library()
register.filter("user_text", render_user_text)
