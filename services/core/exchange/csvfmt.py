"""RFC 4180 CSV cells: how values are written and read back.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return, which some of
them skip before looking) as a formula, so such a cell is written with a leading single quote.
To keep export -> import lossless, a cell that already starts with quotes followed by one of
those characters gets one more quote too, and import removes exactly one quote from any cell
that starts with quotes followed by one of them: the two are each other's inverse.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_START = "=+-@\t\r"
_NEUTRALISED = re.compile(r"'*[=+\-@\t\r]")
LIST_SEPARATOR = ";"


def neutralise(text: str) -> str:
    return "'" + text if _NEUTRALISED.match(text) else text


def restore(text: str) -> str:
    return text[1:] if text.startswith("'") and _NEUTRALISED.match(text, 1) else text


def cell(value: object) -> str:
    """A value as the text of one cell (before neutralising)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return f"{LIST_SEPARATOR} ".join(str(item) for item in value)
    return str(value)


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


def lines(rows: Iterable[Sequence[object]]) -> str:
    """Rows as RFC 4180 text: CRLF line ends, quotes only where needed, cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell(value)) for value in row])
    return buffer.getvalue()
