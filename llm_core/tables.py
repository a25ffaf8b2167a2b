"""Delimited tables pasted into a request (CSV, TSV, ';'-separated rows, markdown's '|' tables), spelt out row by row.

A table puts each value under a header lines away; the model and the meaning check read words next to what they
qualify ("from factory-1, to campus, action BLOCK"), so each row becomes one line of header-value pairs."""
import csv
import re

HEADER_CELL = re.compile(r"[A-Za-z][A-Za-z_.?/()-]*(?: [A-Za-z_.?/()-]+){0,2}")
"""A column name: a word or up to three, no figures ("max_latency_ms", "slice name", "remove?"; "gnb-2 to core-1" is a
cell of prose)."""
UNIT_SUFFIX = re.compile(r"[\s_(]+(ms|mbps|gbps|kbps|mbit/s|gbit/s|%)\)?$", re.I)
"""The unit a column name carries ("bw_mbps", "latency (ms)"), written after each bare number of its column."""
BARE_NUMBER = re.compile(r"[-+]?\d[\d ]*(?:[.,]\d+)?")
YES_NO = re.compile(r"(?i)yes|no|true|false")
MARKDOWN_RULE = re.compile(r"\s*\|?(?:\s*:?-+:?\s*\|)+\s*:?-+:?\s*\|?\s*")
"""The line under a markdown table's header ("|---|:--:|")."""
NO_VALUE = re.compile(r"[-–—]")
"""A markdown cell that states nothing ("–" under "avoid"), but under a yes/no column; "none" and "n/a" are said."""
VERDICT = re.compile(r"(?i)(?:remove|delete|drop|decommission|keep|block|deny|allow|permit|isolate|reroute|alert|"
                     r"ask first|approve|dedicated|shared)")
"""A column whose yes/no asks something of the row: its word leads the row, negated for a no ("remove slice exam-stream.",
"do not remove slice icu-video."); another column's yes/no stays a value ("approved no")."""


def _delimiter(line: str) -> str | None:
    """The separator of a header line: a markdown table's '|', a tab, or a comma or ';' with no space after it (an
    exported header; "Hi team, quick one" is prose)."""
    if line.lstrip().startswith("|") and line.count("|") >= 3:
        return "|"
    if "\t" in line:
        return "\t"
    return next((d for d in ",;" if d in line and f"{d} " not in line), None)


def _cells(line: str, delimiter: str) -> list[str]:
    """The cells of one table line, quotes read as CSV writes them ('"1,2 Gbit/s"'); a markdown cell's list joined
    with "and" ("agg-south, core-2": the pairs are separated by commas)."""
    if delimiter == "|":
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        return [re.sub(r",\s+", " and ", c) for c in cells]
    return [c.strip() for c in next(csv.reader([line], delimiter=delimiter))]


def _spelled(header: list[str], row: list[str]) -> str:
    pairs, verdicts = [], []
    for name, value in zip(header, row):
        name = name.replace("_", " ").rstrip("? ")
        if not value or NO_VALUE.fullmatch(value) and not VERDICT.fullmatch(name):
            continue  # an empty cell states nothing, nor a dash under a column that is no yes/no verdict
        if (unit := UNIT_SUFFIX.search(name)) and BARE_NUMBER.fullmatch(value):
            name, value = name[:unit.start()].strip() or name, f"{value} {unit[1]}"
        if YES_NO.fullmatch(value) and VERDICT.fullmatch(name):
            verdicts.append(name if value.casefold() in ("yes", "true") else f"do not {name}")
        else:
            pairs.append(f"{name} {value}")
    return " and ".join(verdicts) + (" " if verdicts else "") + ", ".join(pairs) + "."


def spelled_out(text: str) -> str:
    """``text`` with each table in it (a header line, then lines of as many cells) written one row a line as
    "header value, header value." pairs; the other lines as they are. A markdown table of two columns already reads as
    pairs ("| sites | campus |") and stays."""
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        delimiter = _delimiter(lines[i])
        header = _cells(lines[i], delimiter) if delimiter else []
        ruled = int(delimiter == "|" and i + 1 < len(lines) and bool(MARKDOWN_RULE.fullmatch(lines[i + 1])))
        rows: list[list[str]] = []
        if len(header) >= 2 + (delimiter == "|") and all(HEADER_CELL.fullmatch(c) for c in header):
            while i + 1 + ruled + len(rows) < len(lines) and lines[i + 1 + ruled + len(rows)].strip() and \
                    len(cells := _cells(lines[i + 1 + ruled + len(rows)], delimiter)) == len(header) and \
                    all(len(c.split()) <= 4 for c in cells):
                rows.append(cells)
        end = i + 1 + ruled + len(rows)
        if delimiter == "|" and end < len(lines) and lines[end].lstrip().startswith("|"):
            rows = []  # a markdown row that does not fit: the table stays as written, no later row read as its header
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
        if rows:
            out += [_spelled(header, row) for row in rows]
            i = end
        elif delimiter == "|" and len(header) >= 3:
            out += lines[i:end]
            i = end
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)
