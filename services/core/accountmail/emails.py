"""The invitation and password-reset emails: a plain-text part and an HTML part.

The link opens a page of the web app; nothing happens until the person acts there (accepts,
sets a password) with an explicit POST, so mail scanners that follow every link change
nothing. The English words live in ``TEXTS``; the gettext catalogs translate them.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

from services.core.common.i18n import N_, Words
from services.core.common.mail import automated_message, set_parts
from services.core.common.text import one_line

# The English of each message; the words in the reader's language come from the catalogs.
TEXTS: dict[str, dict[str, str]] = {
    "invitation": {
        "subject": N_("%(inviter)s invites you to %(network)s on Drumbeat"),
        "greeting": N_("Hello,"),
        "lead": N_("%(inviter)s invites you to join %(network)s on Drumbeat as %(role)s."),
        "why": N_(
            "Drumbeat is where the network records its trainings, exchanges and meetings, and "
            "keeps track of the follow-ups they need."
        ),
        "action": N_("Accept the invitation"),
        "expiry": N_("The link works once and until %(expires)s."),
        "ignore": N_("If you did not expect this invitation, ignore this email: nothing happens."),
    },
    "password_reset": {
        "subject": N_("Reset your Drumbeat password"),
        "greeting": N_("Hello %(name)s,"),
        "lead": N_("Someone (we hope you) asked to reset the password of your Drumbeat account."),
        "why": N_("Choose a new password on the page this link opens."),
        "action": N_("Choose a new password"),
        "expiry": N_("The link works once and until %(expires)s."),
        "ignore": N_(
            "If you did not ask for this, ignore this email: your password stays as it is."
        ),
    },
}
ROLES = {
    "coordinator": N_("a coordinator"),
    "member": N_("a member"),
    "viewer": N_("a viewer"),
}


def words_for(kind: str, to_name: str, context: dict[str, Any], words: Words) -> dict[str, str]:
    """The message's sentences in the reader's language, names filled in (made one-line)."""
    role = ROLES.get(str(context.get("role", "")), ROLES["member"])
    expires = dt.datetime.fromisoformat(str(context["expires_at"]))
    fields = {
        "name": one_line(to_name).strip(),
        "network": one_line(str(context.get("network", ""))),
        "inviter": one_line(str(context.get("inviter", ""))) or words._("A coordinator"),
        "role": words._(role),
        "expires": words.moment(expires, str(context.get("timezone", "UTC"))),
    }
    said = {key: words._(text) % fields for key, text in TEXTS[kind].items()}
    if not fields["name"]:
        said["greeting"] = words._("Hello,")
    return said


def message_id(email_id: uuid.UUID, public_url: str) -> str:
    host = urlsplit(public_url).hostname or "drumbeat.local"
    return f"<account-{email_id}@{host}>"


def _html(said: dict[str, str], link: str, reader: Words) -> str:
    e = html.escape
    return (
        f'<!doctype html><html lang="{reader.language}" dir="{reader.direction}">'
        f'<body dir="{reader.direction}" style="font-family:system-ui,sans-serif;'
        'line-height:1.5;color:#1d2433;max-width:36rem">'
        f"<p>{e(said['greeting'])}</p><p>{e(said['lead'])}</p><p>{e(said['why'])}</p>"
        f'<p><a href="{e(link)}" style="display:inline-block;padding:.6rem 1.1rem;'
        'background:#1f5f99;color:#fff;border-radius:6px;text-decoration:none">'
        f"{e(said['action'])}</a></p>"
        f'<p style="font-size:.9rem">{e(said["expiry"])}<br>'
        f'<a href="{e(link)}">{e(link)}</a></p>'
        f'<p style="font-size:.9rem;color:#555">{e(said["ignore"])}</p>'
        "</body></html>"
    )


def compose(
    *,
    email_id: uuid.UUID,
    kind: str,
    to: str,
    to_name: str,
    context: dict[str, Any],
    link: str,
    public_url: str,
    sender: str,
    now: dt.datetime,
    language: str = "en",
) -> EmailMessage:
    reader = Words.for_(language)
    said = words_for(kind, to_name, context, reader)
    message = automated_message(
        subject=said["subject"],
        sender=sender,
        to=to,
        to_name=to_name,
        now=now,
        message_id=message_id(email_id, public_url),
    )
    text = [
        said["greeting"],
        "",
        said["lead"],
        "",
        said["why"],
        "",
        f"{said['action']}: {link}",
        "",
        said["expiry"],
        "",
        said["ignore"],
        "",
        "Drumbeat",
    ]
    set_parts(
        message, text="\n".join(text), html=_html(said, link, reader), language=reader.language
    )
    return message
