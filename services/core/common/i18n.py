"""The languages of what Drumbeat writes to people: emails and the pages their links open.

Messages are English in the code (``words._("...")``, ``words.n_(...)``) and in the
templates (``{{ _("...") }}``), with ``%(name)s`` placeholders; their translations live in
gettext catalogs, ``services/locale/<language>/LC_MESSAGES/drumbeat.po``, which follow
``docs/glossary.md``. Dates are written by Babel in the same language, so the words and the
dates around them always agree.
"""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("en", "fr", "es", "pt", "ar")
DEFAULT = "en"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
DOMAIN = "drumbeat"
# English dates as the English text has always written them: "3 December 2026".
DATE_LOCALES = {"en": "en_GB"}
RIGHT_TO_LEFT = frozenset({"ar"})


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Marks an English message kept in a table, for extraction; translated where used."""
    return message


def spoken(value: str | None) -> str | None:
    """A stored language ("fr", "pt-BR", "ar_EG") or an Accept-Language header
    ("fr-SN,fr;q=0.9,en;q=0.5") as the first language Drumbeat speaks, or None."""
    for entry in (value or "").split(","):
        primary = entry.split(";")[0].strip().lower().replace("_", "-").split("-")[0]
        if primary in LANGUAGES:
            return primary
    return None


def language_of(value: str | None) -> str:
    """As ``spoken``, with English when Drumbeat speaks none of them."""
    return spoken(value) or DEFAULT


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalog, compiled in memory from its .po file (English: none)."""
    if language == DEFAULT:
        return gettext.NullTranslations()
    with catalog_path(language).open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@dataclass(frozen=True)
class Words:
    """Translates and formats for one reader's language."""

    language: str = DEFAULT

    @classmethod
    def for_(cls, language: str | None) -> Words:
        return cls(language_of(language))

    def _(self, message: str, **values: Any) -> str:
        text = translations(self.language).gettext(message)
        return text % values if values else text

    def n_(self, singular: str, plural: str, count: int, **values: Any) -> str:
        text = translations(self.language).ngettext(singular, plural, count)
        return text % {"count": count, **values}

    def day(self, value: dt.date) -> str:
        return format_date(value, "long", locale=DATE_LOCALES.get(self.language, self.language))

    def moment(self, value: dt.datetime, timezone: str) -> str:
        """A date and time as the reader's clock shows it, with the zone named."""
        return format_datetime(
            value,
            "d MMMM y, HH:mm (zzzz)",
            tzinfo=ZoneInfo(timezone),
            locale=DATE_LOCALES.get(self.language, self.language),
        )

    @property
    def template_globals(self) -> dict[str, Any]:
        """What templates call: ``_`` and ``n_`` in this language, and the language itself."""
        return {
            "_": self._,
            "n_": self.n_,
            "language": self.language,
            "direction": self.direction,
        }

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RIGHT_TO_LEFT else "ltr"
