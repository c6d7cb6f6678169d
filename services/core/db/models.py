"""Imports every model so that ``Base.metadata`` is complete (Alembic, tests)."""

from services.core.accountmail.models import AccountEmail
from services.core.activities.models import Activity, ActivityOrganisation
from services.core.apikeys.models import ApiKey
from services.core.audit.models import AuditEvent
from services.core.db.base import Base
from services.core.emailactions.models import EmailAction
from services.core.exchange.models import CalendarFeed
from services.core.findings.models import DetectionTouch, DetectionWatermark, Finding
from services.core.followups.models import FollowUp
from services.core.idempotency.models import IdempotencyRecord
from services.core.invitations.models import Invitation
from services.core.networks.models import Membership, Network
from services.core.notifications.models import NotificationPreference
from services.core.organisations.models import Organisation
from services.core.ratelimit.models import RateCounter
from services.core.reflections.models import Reflection
from services.core.reminders.models import Reminder
from services.core.series.models import Series
from services.core.sso.models import SsoAttempt
from services.core.users.models import PasswordReset, User, UserSession
from services.core.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "AccountEmail",
    "Activity",
    "ActivityOrganisation",
    "ApiKey",
    "AuditEvent",
    "Base",
    "CalendarFeed",
    "DetectionTouch",
    "DetectionWatermark",
    "EmailAction",
    "Finding",
    "FollowUp",
    "IdempotencyRecord",
    "Invitation",
    "Membership",
    "Network",
    "NotificationPreference",
    "Organisation",
    "PasswordReset",
    "RateCounter",
    "Reflection",
    "Reminder",
    "Series",
    "SsoAttempt",
    "User",
    "UserSession",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
