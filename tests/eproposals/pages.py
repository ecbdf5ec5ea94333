"""Helpers for the residents' e-proposal page tests: requests on the portal host."""

from __future__ import annotations

from typing import Any

PORTAL = "localhost"


def get(client: Any, path: str, language: str = "sv", **extra: Any) -> Any:
    client.cookies["django_language"] = language
    return client.get(path, HTTP_HOST=PORTAL, **extra)


def post(client: Any, path: str, data: Any = None, language: str = "sv", **extra: Any) -> Any:
    client.cookies["django_language"] = language
    return client.post(path, data or {}, HTTP_HOST=PORTAL, **extra)


def text(response: Any) -> str:
    return response.content.decode()


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
