"""Outgoing email: SMTP in production, .eml files in a folder for the embedded default."""

from __future__ import annotations

import asyncio
import datetime as dt
import smtplib
import ssl
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any

from services.core.common.i18n import Words
from services.core.common.templates import render
from services.core.common.text import one_line
from services.core.settings import Settings


class MailError(Exception):
    """The message could not be handed over; the caller retries later."""


def mailbox(value: str) -> Address:
    """``Name <address>`` as one mailbox, never more than one header: ValueError otherwise."""
    name, address = parseaddr(value)
    return Address(display_name=one_line(name), addr_spec=address)


def greeting(words: Words, to_name: str) -> str:
    """How an email opens: "Hello <name>," to a reader whose name is known, else "Hello,"."""
    name = one_line(to_name).strip()
    return words._("Hello %(name)s,", name=name) if name else words._("Hello,")


def automated_message(
    *, subject: str, sender: str, to: str, to_name: str, now: dt.datetime, message_id: str
) -> EmailMessage:
    """A message Drumbeat sends by itself, with the headers every one of them carries.

    Headers are not folded below the RFC 5322 limit: some mail clients mangle a folded
    Message-ID, and a stable Message-ID is how receivers recognise a resend. Names are
    people's text: a stored line break must neither break the message nor start a header.
    """
    message = EmailMessage(policy=policy.SMTP.clone(max_line_length=998))
    message["Subject"] = one_line(subject)
    message["From"] = mailbox(sender)
    message["To"] = Address(display_name=one_line(to_name).strip(), addr_spec=to)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id
    # RFC 3834: automated, so out-of-office replies are not sent back.
    message["Auto-Submitted"] = "auto-generated"
    return message


def set_parts(message: EmailMessage, *, text: str, html: str, language: str) -> None:
    """The message's plain-text and HTML parts (multipart/alternative), and its language.

    Content-Language is set last: setting a part moves the Content-* headers into it.
    """
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = language


def set_rendered_parts(
    message: EmailMessage, words: Words, package: str, template: str, **context: Any
) -> None:
    """The message's parts rendered in ``words``' language from ``package``'s templates
    ``template``.txt and ``template``.html, which see ``context`` and the translation calls."""
    context = {**context, **words.template_globals}
    set_parts(
        message,
        text=render(package, f"{template}.txt", **context),
        html=render(package, f"{template}.html", **context),
        language=words.language,
    )


def _file_name(message: EmailMessage) -> str:
    message_id = str(message["Message-ID"] or "message").strip("<>")
    safe = "".join(c if c.isalnum() or c in "-_.@" else "_" for c in message_id)
    return f"{safe}.eml"


def _write_file(folder: Path, message: EmailMessage) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _file_name(message)
    partial = target.with_suffix(".tmp")
    partial.write_bytes(bytes(message))
    # Rename is atomic: a reader of the outbox never sees half a message.
    partial.replace(target)


def _send_smtp(settings: Settings, message: EmailMessage) -> None:
    host = settings.smtp_host
    if not host:
        raise MailError("DRUMBEAT_SMTP_HOST is not set")
    timeout = settings.smtp_timeout_seconds
    with smtplib.SMTP(host, settings.smtp_port, timeout=timeout) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        smtp.send_message(message)


async def send_message(settings: Settings, message: EmailMessage) -> None:
    """Hand one message to the configured backend; raises MailError when that fails."""
    if message["From"] is None:
        message["From"] = mailbox(settings.smtp_from)
    try:
        if settings.email_backend == "file":
            await asyncio.to_thread(_write_file, settings.outbox_dir, message)
        else:
            await asyncio.to_thread(_send_smtp, settings, message)
    except MailError:
        raise
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"{exc.__class__.__name__}: {exc}") from exc
