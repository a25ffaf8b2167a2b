"""The shorthand of tickets and handover notes, read as words: a struck arrow between nodes, list items already done.

A NOC writes "gnb7 -/-> DC" for "gnb7 must not reach DC" and keeps done or
cancelled items in the list it pastes ("~~block telnet~~ done", "[x] delete exam-stream", "(cancelled) ..."). The model
and the meaning check read the words; what is done is not asked.
"""
from __future__ import annotations

import re
from collections.abc import Callable

NEITHER_REACH = re.compile(r"(?i)([^\s,;.!?]+)[ \t]*(?:<-/->|<=/=>|<-x->|↮|⇎)[ \t]*([^\s,;.!?]+)")
"""A double arrow struck through: neither end may reach the other."""
NOT_REACH = re.compile(r"(?i)[ \t]*(?:-/->|=/=>|↛|⇸)[ \t]*|[ \t]+-x->[ \t]*")
"""An arrow struck through: the left end must not reach the right one ("gnb-x-> core-1" is no such arrow)."""

STRUCK = re.compile(r"~~[^~\n]+~~")
"""Markdown strike-through: taken back by whoever wrote it."""
DONE_MARK = r"(?:done|closed|cancell?ed|dropped|erledigt|storniert|hecho|cancelado|fait|annulé)"
DONE_ITEM = re.compile(rf"(?im)^[ \t]*(?:[-*•][ \t]*|\d+[.)][ \t]*|[a-z][.)][ \t]+)?"
                       rf"(?:\[[x✓✔]\]|{DONE_MARK}(?:[ \t]*:|[ \t]+[-–][ \t])|[(\[]{DONE_MARK}[)\]])([^\n]*)(?:\n|$)")
"""A list item marked done or cancelled ("- DONE: urllc slice hosp1", "[x] delete exam-stream", "(erledigt) ...")."""
GOES_ON = re.compile(r"(?i)\b(?:next|now|then|please|pls|still|open|todo)\b")
"""A done item that goes on to ask ("Done: the audit. Next: block telnet ...")."""
LEFT_OVER = re.compile(rf"(?i)[ \t]*(?:(?:[-*•]|\d+[.)]|[a-z][.)])[ \t]*)?(?:\[ \][ \t]*)?"
                       rf"(?:{DONE_MARK}(?: by \S+| on \S+)?[.!]?)?[ \t\r]*")
"""What a struck item leaves on its line: its marker and a "done by ana"."""


def arrows_in_words(text: str) -> str:
    """``text`` with "A -/-> B" as "A must not reach B" and "A <-/-> B" as both ways so (a double arrow is read where
    the flows are known: :data:`llm_core.meaning.DOUBLE_ARROW`)."""
    text = NEITHER_REACH.sub(r"\1 must not reach \2 and \2 must not reach \1", text)
    return NOT_REACH.sub(" must not reach ", text)


def without_done_items(text: str, names: Callable[[str], bool]) -> str:
    """``text`` without what its writer marks done or cancelled: struck-through words, and list items so marked that
    ``names`` something (a checked "[x] Block traffic" in a form that names nothing is the option chosen)."""
    text = DONE_ITEM.sub(lambda m: "" if names(m[1]) and not GOES_ON.search(m[1]) else m[0], text)
    lines = []
    for line in text.split("\n"):
        kept = STRUCK.sub("", line)
        if kept == line or not LEFT_OVER.fullmatch(kept):
            lines.append(kept)
    return "\n".join(lines)
