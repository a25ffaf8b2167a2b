"""The shorthand of tickets and handover notes, read as words: a struck arrow between nodes, list items already done.

A NOC writes "gnb7 -/-> DC" for "gnb7 must not reach DC" and keeps done or
cancelled items in the list it pastes ("~~block telnet~~ done", "[x] delete exam-stream", "(cancelled) ..."). The model
and the meaning check read the words; what is done is not asked.
"""
from __future__ import annotations

import re

NOT_REACH = re.compile(r"[ \t]*(?:-/->|-x->|=/=>|↛|⇸)[ \t]*")
"""An arrow struck through: the left end must not reach the right one."""
STRUCK = re.compile(r"~~[^~\n]+~~")
"""Markdown strike-through: taken back by whoever wrote it."""
DONE_MARK = r"(?:done|closed|cancell?ed|dropped|erledigt|storniert|hecho|cancelado|fait|annulé)"
DONE_ITEM = re.compile(rf"(?im)^[ \t]*(?:[-*•][ \t]*|\d+[.)][ \t]*|[a-z][.)][ \t]+)?"
                       rf"(?:\[[x✓✔]\]|[☑✅✓✔]|{DONE_MARK}(?:[ \t]*[:\]]|[ \t]+[-–][ \t])|\({DONE_MARK}\))[^\n]*(?:\n|$)")
"""A list item marked done or cancelled ("- DONE: urllc slice hosp1", "[x] delete exam-stream", "(erledigt) ...")."""
LEFT_OVER = re.compile(rf"(?i)[ \t]*(?:[-*•]|\d+[.)])?[ \t]*(?:{DONE_MARK}\b.*)?")
"""What a struck item leaves on its line: its marker and a "done by ana"."""


def arrows_in_words(text: str) -> str:
    """``text`` with "A -/-> B" as "A must not reach B" (a double arrow is read where the flows are known:
    :data:`llm_core.meaning.DOUBLE_ARROW`)."""
    return NOT_REACH.sub(" must not reach ", text)


def without_done_items(text: str) -> str:
    """``text`` without what its writer marks done or cancelled: struck-through words, and list items marked so."""
    lines = []
    for line in DONE_ITEM.sub("", text).split("\n"):
        kept = STRUCK.sub("", line)
        if kept == line or not LEFT_OVER.fullmatch(kept):
            lines.append(kept)
    return "\n".join(lines)
