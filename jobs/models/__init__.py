"""Models of the jobs app, one module per subject; import them from here."""

from jobs.models.api_keys import COMPANY_SCOPES, ApiKey, ApiScope
from jobs.models.applications import (
    EMPLOYER_STAGES,
    Application,
    ApplicationEvent,
    SavedRole,
    SavedSearch,
    Stage,
)
from jobs.models.checks import VisaCheckTally
from jobs.models.companies import (
    Company,
    CompanySize,
    Invitation,
    MemberRole,
    Membership,
)
from jobs.models.matching import (
    ApplyInvitation,
    CandidateCard,
    Match,
    ProfileView,
    RoleMatchState,
)
from jobs.models.messages import Conversation, Message, Side
from jobs.models.notifications import OutboxEmail, OutboxStatus
from jobs.models.pages import PageVersion
from jobs.models.places import City
from jobs.models.roles import (
    DEGREE_ORDER,
    EnglishLevel,
    Role,
    RoleStatus,
    WorkMode,
)
from jobs.models.screening import (
    CityWage,
    Institution,
    OutcomeChoices,
    RulesConfiguration,
    Screening,
    ScreeningChange,
    ScreeningRun,
    ScreeningRunChunk,
)
from jobs.models.webhooks import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

__all__ = [
    "COMPANY_SCOPES",
    "DEGREE_ORDER",
    "EMPLOYER_STAGES",
    "ApiKey",
    "ApiScope",
    "Application",
    "ApplicationEvent",
    "ApplyInvitation",
    "CandidateCard",
    "City",
    "CityWage",
    "Company",
    "CompanySize",
    "Conversation",
    "DeliveryStatus",
    "EnglishLevel",
    "Institution",
    "Invitation",
    "Match",
    "MemberRole",
    "Membership",
    "Message",
    "OutboxEmail",
    "OutboxStatus",
    "OutcomeChoices",
    "PageVersion",
    "ProfileView",
    "Role",
    "RoleMatchState",
    "RoleStatus",
    "RulesConfiguration",
    "SavedRole",
    "SavedSearch",
    "Screening",
    "ScreeningChange",
    "ScreeningRun",
    "ScreeningRunChunk",
    "Side",
    "Stage",
    "VisaCheckTally",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "WorkMode",
]
