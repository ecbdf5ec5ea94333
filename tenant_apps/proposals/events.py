"""What proposals tell the notifications app (placeholder until it is merged)."""

from __future__ import annotations

from typing import Any


def proposal_created(proposal: Any, author: Any) -> None:
    pass


def proposal_answered(proposal: Any, by: Any, *, accepted: bool) -> None:
    pass
