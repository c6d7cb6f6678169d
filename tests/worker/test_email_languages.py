"""Emails and their action pages speak their reader's language, words and dates alike."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from services.core.accountmail.delivery import deliver_due as deliver_account_emails
from services.core.common.i18n import LANGUAGES, catalog_path
from services.core.common.message_catalogs import extract
from services.core.db.types import utcnow
from tests.support import World
from tests.worker.helpers import Clock, Inbox, create_activity, create_follow_up, parts, patch
from tests.worker.test_email_actions import ACTION, ago

TRANSLATED = [language for language in LANGUAGES if language != "en"]
# Per language: the digest's subject, a sentence of its body, the ended-on date as written,
# and its action page's question for "Snooze a week".
EXPECTED = {
    "en": ("2 things need a follow-up in Network A", "has no follow-up yet", "Snooze this"),
    "fr": ("2 éléments attendent un suivi dans Network A", "n'a pas encore de suivi", "Reporter"),
    "es": (
        "2 puntos necesitan seguimiento en Network A",
        "todavía no tiene seguimiento",
        "¿Posponer",
    ),
    "pt": (
        "2 itens precisam de acompanhamento em Network A",
        "ainda não tem acompanhamento",
        "Adiar",
    ),
    "ar": ("بندان يحتاجان إلى متابعة في Network A", "ليست له متابعة بعد", "تأجيل"),
}
MONTHS = {"en": "January", "fr": "janvier", "es": "enero", "pt": "janeiro", "ar": "يناير"}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_reminder_is_in_its_readers_language(
    world: World, smtp_clock: Clock, mailbox: Inbox, language: str
) -> None:
    await patch(world, "/auth/me", {"language": language}, who="coord")
    await create_activity(world, title="Budget training", starts_at=ago(41), ends_at=ago(40))
    await create_activity(world, starts_at="2026-01-10T08:00:00Z", ends_at="2026-01-11T16:00:00Z")
    now = utcnow()
    await smtp_clock.detect(now)
    await smtp_clock.deliver(now)
    [message] = mailbox.to("coord@example.org")
    subject, sentence, question = EXPECTED[language]
    assert message["Content-Language"] == language
    assert subject in message["Subject"]
    text, markup = parts(message)
    assert sentence in text and sentence in markup.replace("&#39;", "'")
    assert MONTHS[language] in text, "dates in the same language as the words"
    assert f'lang="{language}"' in markup
    assert ('dir="rtl"' in markup) == (language == "ar")
    # The action page the reader opens speaks their language too.
    [snooze, *_] = ACTION.findall(text)
    async with world.client() as client:
        page = await client.get(snooze)
    assert page.headers["Content-Language"] == language
    assert question in page.text
    # The member, who kept English, reads English.
    assert "has no follow-up yet" in parts(mailbox.to("member@example.org")[0])[0]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_assignment_notice_is_in_the_assignees_language(
    world: World, smtp_clock: Clock, mailbox: Inbox, language: str
) -> None:
    await patch(world, "/auth/me", {"language": language}, who="member")
    activity = await create_activity(world, who="coord")
    await create_follow_up(
        world,
        activity["id"],
        who="coord",
        assignee_user_id=str(world.people["member"].id),
        due_on="2027-01-15",
    )
    await deliver_account_emails(
        smtp_clock.sessionmaker, smtp_clock.settings, now=utcnow(), owner="t"
    )
    [message] = mailbox.to("member@example.org")
    assert message["Content-Language"] == language
    text = parts(message)[0]
    assert MONTHS[language] in text
    if language != "en":
        assert "made you responsible" not in text


async def test_an_unknown_link_answers_in_the_browsers_language(world: World) -> None:
    async with world.client() as client:
        page = await client.get(
            "/email-actions/" + "x" * 43, headers={"Accept-Language": "pt-BR,pt;q=0.9,en;q=0.5"}
        )
    assert page.status_code == 404
    assert page.headers["Content-Language"] == "pt"
    assert "Este link não funciona" in page.text


PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _forms(value: object) -> list[object]:
    """A message's text, or its plural forms, as a list."""
    return list(value) if isinstance(value, (tuple, list)) else [value]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_email_message_is_translated_with_the_same_placeholders(language: str) -> None:
    english = {m.id: m for m in extract() if m.id}
    with catalog_path(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    translated = {m.id: m for m in catalog if m.id}
    assert set(translated) == set(english), "run: python -m services.core.common.message_catalogs"
    for msgid, message in translated.items():
        forms = [str(f or "") for f in _forms(message.string)]
        sources = [str(s) for s in _forms(msgid)]
        wanted = {p for s in sources for p in PLACEHOLDER.findall(s)}
        assert all(forms), f"{language}: untranslated {msgid!r}"
        assert not message.fuzzy, f"{language}: fuzzy {msgid!r}"
        for form in forms:
            used = set(PLACEHOLDER.findall(form))
            # A plural form may spell its number out ("يومين": two days) instead of %(count)s.
            assert used <= wanted and wanted - {"count"} <= used, f"{language}: {msgid!r}"
