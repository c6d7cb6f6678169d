"""Which characters stored text may hold, for the request schemas and for what reads it back.

Control characters have no business in a name or a description. In one-line text (names,
titles, tags, URLs) a line break is worse than noise: it ends up in email headers, log lines
and calendar lines, where it starts a new header or property. So one-line text refuses every
C0 and C1 control character (tabs and line breaks included) and the Unicode line and
paragraph separators; long text (descriptions, notes, reflections) keeps line breaks and tabs
but refuses the other controls.

Request bodies strip surrounding whitespace (line breaks included) first, so the rule holds
for what is stored, and the OpenAPI document's ``pattern`` says the same: whitespace around
the text, none of these characters within it. Rows written before the rule existed may still
hold them: ``one_line`` makes any text safe for a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from services.core.common.errors import invalid

# Character classes in a syntax both Python's re and ECMA-262 (the document's) understand.
LINE_CONTROLS = r"\u0000-\u001f\u007f-\u009f\u2028\u2029"
TEXT_CONTROLS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
# What stripping removes: Unicode White_Space, which is ECMA-262's \s plus NEL (U+0085).
_STRIPPED = r"[\s\u0085]*"

_IN_LINE = re.compile(f"[{LINE_CONTROLS}]")
_IN_TEXT = re.compile(f"[{TEXT_CONTROLS}]")
_RUNS_IN_LINE = re.compile(f"[{LINE_CONTROLS}]+")


def one_line(value: str) -> str:
    """``value`` with every run of control characters and line breaks made one space."""
    return _RUNS_IN_LINE.sub(" ", value)


def _found(char: str) -> str:
    return f"U+{ord(char):04X}"


@dataclass(frozen=True)
class PlainText:
    """A string annotation: refuses control characters, and says so in the JSON Schema.

    ``multiline``: line breaks and tabs are allowed. ``min_length``: the length the field
    demands once stripped, which the document's pattern states too (its minLength counts the
    text as sent, surrounding whitespace included).
    """

    multiline: bool = False
    min_length: int = 0

    @property
    def pattern(self) -> str:
        allowed = f"[^{TEXT_CONTROLS if self.multiline else LINE_CONTROLS}]"
        visible = rf"[^\s{TEXT_CONTROLS if self.multiline else LINE_CONTROLS}]"
        if self.min_length == 0:
            text = f"{allowed}*"
        elif self.min_length == 1:
            text = f"{allowed}*{visible}{allowed}*"
        else:  # from the first visible character to the last
            text = f"{visible}{allowed}{{{self.min_length - 2},}}{visible}"
        return f"^{_STRIPPED}{text}{_STRIPPED}$"

    def _check(self, value: str) -> str:
        if self.multiline:
            found = _IN_TEXT.search(value)
            if found is not None:
                raise invalid(
                    "control_characters",
                    "text must not contain control characters other than line breaks and "
                    f"tabs (found {_found(found.group())})",
                )
        else:
            found = _IN_LINE.search(value)
            if found is not None:
                raise invalid(
                    "control_characters",
                    "text must be one line without tabs or other control characters "
                    f"(found {_found(found.group())})",
                )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # After the string schema, which strips the surrounding whitespace first.
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern
        return json_schema


ONE_LINE = PlainText()
ONE_LINE_NOT_BLANK = PlainText(min_length=1)
MULTILINE = PlainText(multiline=True)
MULTILINE_NOT_BLANK = PlainText(multiline=True, min_length=1)
