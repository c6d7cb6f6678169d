"""The email that tells someone a follow-up was assigned to them.

Queued in the transaction that assigns (accountmail.notify_assignee); written here by the
worker from the follow-up as it is when the email goes: a notice whose follow-up was deleted,
done, or given to someone else meanwhile is dropped rather than sent.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.accountmail.models import AccountEmail
from services.core.activities.models import Activity
from services.core.common.authz import Role
from services.core.common.i18n import Words
from services.core.common.mail import automated_message, greeting, set_rendered_parts
from services.core.common.text import one_line
from services.core.emailactions import service as email_actions
from services.core.emailactions.pages import BUTTONS
from services.core.followups import repository as repo
from services.core.networks.models import Network
from services.core.users import repository as users_repo

TEMPLATES = "services.core.followups"


@dataclass(frozen=True)
class Notice:
    subject: str
    greeting: str
    lead: str
    due: str
    open_label: str
    open_url: str
    done_label: str
    done_url: str
    why: str


async def prepare(
    session: AsyncSession, email: AccountEmail, *, public_url: str, sender: str, now: dt.datetime
) -> EmailMessage | str:
    """The message to send, or why it is not sent any more."""
    follow_up = await repo.by_id(session, email.subject_id)
    if follow_up is None:
        return "the follow-up was deleted"
    assignee = uuid.UUID(str(email.context.get("assignee_id")))
    if follow_up.assignee_user_id != assignee:
        return "the follow-up is assigned to someone else now"
    if follow_up.status != "planned":
        return f"the follow-up is {follow_up.status}"
    activity = await session.get(Activity, follow_up.activity_id)
    network = await session.get(Network, follow_up.network_id)
    user = await users_repo.by_id(session, assignee)
    if activity is None or network is None or user is None or not user.is_active:
        return "the follow-up's activity, network or person is gone"
    role = dict(await users_repo.roles_of(session, user.id)).get(network.id)
    if role is None:
        return "the person is no longer a member of the network"
    root = public_url.rstrip("/")
    open_url = f"{root}/networks/{network.id}/activities/{activity.id}"
    done_url = ""
    if Role.parse(role) >= email_actions.NEEDS["mark_done"]:
        done_url = email_actions.issue(
            session,
            action="mark_done",
            user_id=user.id,
            network_ids=[network.id],
            now=now,
            public_url=public_url,
            follow_up_id=follow_up.id,
        )
    words = Words.for_(user.reads)
    by = one_line(str(email.context.get("assigned_by", ""))).strip() or words._("Someone")
    title, network_name = one_line(follow_up.title), one_line(network.name)
    due = words.day(follow_up.due_on)
    notice = Notice(
        subject=words._(
            "Drumbeat: a follow-up for you in %(network)s: \u201c%(title)s\u201d",
            network=network_name,
            title=title,
        ),
        greeting=greeting(words, user.name),
        lead=words._(
            "%(by)s made you responsible for the follow-up \u201c%(title)s\u201d of "
            "\u201c%(activity)s\u201d in %(network)s.",
            by=by,
            title=title,
            activity=one_line(activity.title),
            network=network_name,
        ),
        due=(
            words._("It is due on %(day)s.", day=due)
            if follow_up.due_on >= now.date()
            else words._("It was due on %(day)s, which has passed.", day=due)
        ),
        open_label=words._("Open the activity and its follow-ups"),
        open_url=open_url,
        done_label=words._(BUTTONS["mark_done"]),
        done_url=done_url,
        why=words._(
            "You receive this because the follow-up was assigned to you. If it is done "
            "already, mark it done; Drumbeat reminds you when it is overdue."
        ),
    )
    host = urlsplit(public_url).hostname or "drumbeat.invalid"
    message = automated_message(
        subject=notice.subject,
        sender=sender,
        to=user.email,
        to_name=user.name,
        now=now,
        message_id=f"<assigned-{email.id}@{host}>",
    )
    set_rendered_parts(message, words, TEMPLATES, "assigned", notice=notice)
    return message
