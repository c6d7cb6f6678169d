"""The invitation and password-reset emails: a plain-text part and an HTML part.

The link opens a page of the web app; nothing happens until the person acts there (accepts,
sets a password) with an explicit POST, so mail scanners that follow every link change
nothing. The words live in ``TEXTS`` so that the languages work can translate them.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from services.core.common.mail import automated_message
from services.core.common.text import one_line

TEXTS: dict[str, dict[str, str]] = {
    "invitation": {
        "subject": "{inviter} invites you to {network} on Drumbeat",
        "greeting": "Hello,",
        "lead": "{inviter} invites you to join {network} on Drumbeat as {role}.",
        "why": (
            "Drumbeat is where the network records its trainings, exchanges and meetings, and "
            "keeps track of the follow-ups they need."
        ),
        "action": "Accept the invitation",
        "expiry": "The link works once and until {expires}.",
        "ignore": "If you did not expect this invitation, ignore this email: nothing happens.",
    },
    "password_reset": {
        "subject": "Reset your Drumbeat password",
        "greeting": "Hello {name},",
        "lead": "Someone (we hope you) asked to reset the password of your Drumbeat account.",
        "why": "Choose a new password on the page this link opens.",
        "action": "Choose a new password",
        "expiry": "The link works once and until {expires}.",
        "ignore": ("If you did not ask for this, ignore this email: your password stays as it is."),
    },
}
ROLES = {"coordinator": "a coordinator", "member": "a member", "viewer": "a viewer"}


def _expires(value: str, timezone: str) -> str:
    moment = dt.datetime.fromisoformat(value).astimezone(ZoneInfo(timezone))
    return f"{moment:%Y-%m-%d %H:%M} ({timezone})"


def words(kind: str, to_name: str, context: dict[str, Any]) -> dict[str, str]:
    """The message's sentences with the names filled in (names made one-line first)."""
    fields = {
        "name": one_line(to_name).strip() or "there",
        "network": one_line(str(context.get("network", ""))),
        "inviter": one_line(str(context.get("inviter", ""))) or "A coordinator",
        "role": ROLES.get(str(context.get("role", "")), "a member"),
        "expires": _expires(str(context["expires_at"]), str(context.get("timezone", "UTC"))),
    }
    return {key: text.format(**fields) for key, text in TEXTS[kind].items()}


def message_id(email_id: uuid.UUID, public_url: str) -> str:
    host = urlsplit(public_url).hostname or "drumbeat.local"
    return f"<account-{email_id}@{host}>"


def _html(said: dict[str, str], link: str) -> str:
    e = html.escape
    return (
        '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;'
        'color:#1d2433;max-width:36rem">'
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
) -> EmailMessage:
    said = words(kind, to_name, context)
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
    message.set_content("\n".join(text))
    message.add_alternative(_html(said, link), subtype="html")
    return message
