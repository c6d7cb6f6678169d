"""Keeping the email catalogs in step with the code (for developers and the tests).

``extract()`` finds every message the emails and their pages use: ``_()``/``n_()`` calls and
``N_()`` marks in Python, and ``_()``/``n_()`` in the templates. ``update()`` writes the
template catalog ``services/locale/drumbeat.pot`` and merges it into each language's .po
file, so a new English message shows up there untranslated (and the tests say so).

    .venv/bin/python -m services.core.common.message_catalogs
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from services.core.common.i18n import DEFAULT, DOMAIN, LANGUAGES, LOCALE_DIR, catalog_path

SOURCES = Path(__file__).resolve().parents[1]  # services/core
METHODS = [
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("**/templates/**.txt", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
KEYWORDS: dict[str, tuple[int, ...] | None] = {"_": None, "n_": (1, 2), "N_": None}
TEMPLATE_OPTIONS = {"**/templates/**": {"trim_blocks": "True", "lstrip_blocks": "True"}}


def extract() -> Catalog:
    catalog = Catalog(domain=DOMAIN, project="Drumbeat", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCES), METHODS, keywords=KEYWORDS, options_map=TEMPLATE_OPTIONS
    ):
        catalog.add(
            message,
            None,
            [(f"services/core/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def update() -> None:
    template = extract()
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as out:
        write_po(out, template, sort_output=True, width=100)
    for language in LANGUAGES:
        if language == DEFAULT:
            continue
        path = catalog_path(language)
        with path.open("rb") as source:
            catalog = read_po(source, locale=language, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as out:
            write_po(out, catalog, sort_output=True, ignore_obsolete=True, width=100)


if __name__ == "__main__":
    update()
