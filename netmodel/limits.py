"""What every door accepts: bounds on numbers, names and free text.

The IR, the API's request models and the CLI all build on these, so a value refused at one door
is refused at all of them. Numbers are finite (JSON has no NaN or Infinity, and ``1e309`` parses
to Infinity in Python) and below sane physical bounds; names are short tokens that cannot forge
lines in a diff; free text is NFC-normalised Unicode without control or bidirectional-override
characters, and bounded, since it is stored.
"""
from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

from .errors import InvalidIntent

MAX_MBPS = 10_000_000.0
"""10 Tbit/s: above any link or slice a metro network carries."""
MAX_LATENCY_MS = 100_000.0
MAX_COUNT = 1_000_000_000
MAX_ROUNDS = 10_000
MAX_CONFIRM_TIMEOUT_S = 86_400.0
"""A commit-confirmed waits at most a day."""
MAX_VERSION = 2**31 - 1
MAX_TEXT = 4_000
"""Characters of operator text kept with a request (the translator reads far less)."""
MAX_BODY_BYTES = 256 * 1024
"""Bytes of one API request body."""
MAX_INTENTS = 64
"""Intents in one request: one change, applied whole or not at all."""
MAX_DEVICES = 20
"""Blast radius: devices one change may touch without an explicit override."""

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
"""Slice, rule and job names: a letter or digit, then letters, digits, '.', '_' or '-' (64 at most)."""

_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def clean_text(value: str) -> str:
    """NFC text with no control, surrogate or bidirectional-override characters (newlines and tabs stay)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text is not valid Unicode (it holds a lone surrogate)") from None
    value = unicodedata.normalize("NFC", value)
    for ch in value:
        if (unicodedata.category(ch) == "Cc" and ch not in "\n\t\r") or ch in _BIDI:
            raise ValueError(f"text holds the control character U+{ord(ch):04X}")
    return value


def checked_text(text: str | None) -> str | None:
    """The operator's words as they will be stored: clean and bounded, or refused with one line."""
    if not text:
        return None
    try:
        text = clean_text(text)
    except ValueError as e:
        raise InvalidIntent(str(e)) from None
    if len(text) > MAX_TEXT:
        raise InvalidIntent(f"the request text has {len(text)} characters; at most {MAX_TEXT}")
    return text


Name = Annotated[str, Field(pattern=NAME_PATTERN, max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(clean_text)]
Actor = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
