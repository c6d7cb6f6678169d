"""Jinja2 templates for what Drumbeat writes as text and HTML: emails and the emailed pages.

Each domain keeps its templates in its own ``templates/`` folder; what they share (the frame
of an HTML email, ``email.html``) is in this package's. HTML templates escape every
value (names and titles are people's text); text templates do not, since nothing there is
markup. A missing variable is an error, not an empty string.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment(package: str) -> Environment:
    return Environment(
        loader=ChoiceLoader(
            [
                PackageLoader(package, "templates"),
                PackageLoader("services.core.common", "templates"),
            ]
        ),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(package: str, name: str, **context: Any) -> str:
    return environment(package).get_template(name).render(**context)
