"""Entry codes: short, easy to read aloud and to type at the door.

Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as
`ABCD-EFGH`: 30^8 ≈ 6.6 × 10^11 codes, so guessing one is hopeless and a collision is
rare; the unique constraint catches the rare one and the caller draws again.
"""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ2345679"
LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """Return a typed code without spaces and dashes, upper case ("abcd efgh" → "ABCDEFGH")."""
    return "".join(char for char in (typed or "").upper() if char.isalnum())[:20]
