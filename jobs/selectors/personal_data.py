"""The parts of "My data" that jobs holds: applications, saved roles and searches,
the pre-screen and its history, matching, invitations, profile views, team.

Registered with `accounts.exports` in `JobsConfig.ready()`, so accounts builds the
zip without importing jobs. Each section exports the person's own facts; other
people stay out: a stage change or a profile view names the company, never the
recruiter (their name and email are theirs, and the seeker's own pages show the
company only), and the team's internal notes stay with the team.
"""

from django.db.models import Q

from accounts.exports import declare_not_exported, register_section, row
from jobs.models import (
    Application,
    ApplyInvitation,
    CandidateCard,
    Conversation,
    Invitation,
    Match,
    Membership,
    ProfileView,
    SavedRole,
    SavedSearch,
    Screening,
    ScreeningChange,
)
from jobs.selectors.matching import explain_matches
from jobs.selectors.outbox import addressed_to


def _role(role) -> dict:
    return {
        "role_id": role.pk,
        "role": role.title,
        "company": role.company.name,
        "city": role.city,
    }


def applications(*, user, profile) -> list[dict]:
    rows = []
    queryset = (
        Application.objects.of_candidate(user)
        .select_related("role__company")
        .prefetch_related("events")
        .order_by("applied_at", "pk")
    )
    for application in queryset:
        rows.append(
            {
                **_role(application.role),
                "cover_note": application.cover_note,
                "stage": application.stage,
                "applied_at": application.applied_at.isoformat(),
                "stage_changed_at": application.stage_changed_at.isoformat(),
                "stage_changes": [
                    {
                        "from_stage": event.from_stage,
                        "to_stage": event.to_stage,
                        "at": event.at.isoformat(),
                        "by": "you"
                        if event.by_id == user.pk
                        else application.role.company.name,
                        "message": event.message,
                    }
                    for event in application.events.all()
                ],
            }
        )
    return rows


def messages(*, user, profile) -> list[dict]:
    """The seeker's conversations with companies: every message, both ways. The
    company's side is named by the company, not the recruiter (as on their pages)."""
    conversations = (
        Conversation.objects.filter(
            Q(application__candidate=user) | Q(invitation__profile__user=user)
        )
        .select_related("application__role__company", "invitation__role__company")
        .prefetch_related("messages")
        .order_by("pk")
    )
    rows = []
    for conversation in conversations:
        role = conversation.role
        rows.append(
            {
                **_role(role),
                "about": "application" if conversation.application_id else "invitation",
                "messages": [
                    {
                        "from": "you" if message.from_candidate else role.company.name,
                        "body": message.body,
                        "sent_at": message.created_at.isoformat(),
                    }
                    for message in conversation.messages.all()
                ],
            }
        )
    return rows


def saved_roles(*, user, profile) -> list[dict]:
    return [
        {**_role(saved.role), "saved_at": saved.saved_at.isoformat()}
        for saved in SavedRole.objects.filter(user=user).select_related("role__company")
    ]


def saved_searches(*, user, profile) -> list[dict]:
    return [
        row(search, exclude=("id", "user"))
        for search in SavedSearch.objects.filter(user=user)
    ]


def screening(*, user, profile) -> dict | None:
    if profile is None:
        return None
    current = Screening.objects.filter(profile=profile).first()
    return {
        "current": row(current, exclude=("id", "profile")) if current else None,
        "history": [
            row(change, exclude=("id", "profile"))
            for change in ScreeningChange.objects.filter(profile=profile)
        ],
    }


def matching(*, user, profile) -> dict | None:
    if profile is None:
        return None
    card = CandidateCard.objects.filter(profile=profile).first()
    matches = list(
        Match.objects.filter(profile=profile)
        .select_related("role__company")
        .order_by("-score", "pk")
    )
    explain_matches(matches)  # why each scores what it does (not stored)
    return {
        "card": row(card, exclude=("id", "profile")) if card else None,
        "scores": [
            {
                **_role(match.role),
                **row(match, exclude=("id", "profile", "role")),
                "summary": match.summary,
                "components": [
                    {"name": c["name"], "score": c["score"], "message": c["message"]}
                    for c in match.components
                ],
            }
            for match in matches
        ],
    }


def apply_invitations(*, user, profile) -> list[dict]:
    if profile is None:
        return []
    return [
        {
            **_role(invitation.role),
            "message": invitation.message,
            "invited_at": invitation.invited_at.isoformat(),
            "seen_at": invitation.seen_at.isoformat() if invitation.seen_at else None,
        }
        for invitation in ApplyInvitation.objects.filter(profile=profile)
        .select_related("role__company")
        .order_by("invited_at", "pk")
    ]


def profile_views(*, user, profile) -> list[dict]:
    if profile is None:
        return []
    return [
        {
            "company": view.company.name,
            "role": view.role.title if view.role else None,
            "viewed_at": view.viewed_at.isoformat(),
        }
        for view in ProfileView.objects.filter(profile=profile)
        .select_related("company", "role")
        .order_by("viewed_at", "pk")
    ]


def team(*, user, profile) -> dict:
    membership = Membership.objects.filter(user=user).select_related("company").first()
    return {
        "membership": {
            "company": membership.company.name,
            "role": membership.role,
            "joined_at": membership.joined_at.isoformat(),
        }
        if membership
        else None,
        # Invitations addressed to this person's email (no relation to hold on to).
        "invitations_received": [
            {
                "company": invitation.company.name,
                "sent_at": invitation.created_at.isoformat(),
                "accepted_at": invitation.accepted_at.isoformat()
                if invitation.accepted_at
                else None,
            }
            for invitation in Invitation.objects.filter(
                email__iexact=user.email
            ).select_related("company")
        ],
    }


def emails(*, user, profile) -> list[dict]:
    """The emails the portal wrote to this address (while they are kept). The
    body is left out: it may hold a still-valid sign-in or reset link."""

    return (
        [
            {
                "subject": email.subject,
                "language": email.language,
                "status": email.status,
                "written_at": email.created_at.isoformat(),
                "sent_at": email.sent_at.isoformat() if email.sent_at else None,
            }
            for email in addressed_to(user.email)
        ]
        if user.email
        else []
    )


_STAFF_WORK = (
    "Who did a piece of staff or company work (verified a company, approved a role, wrote a rules "
    "version, started a re-screen, posted a role): a record of the company's or "
    "the site's business kept for accountability, not facts about the person."
)
_AUDIT_COPY = (
    "simple_history's audit copy of a row, shown to staff only. For applications "
    "it repeats what `applications` exports (stage and dates; the cover note is "
    "excluded from history); for roles, companies and rules it is business data."
)
_OTHER_PERSON = (
    "Names the recruiter who acted on someone else's profile or application. The "
    "candidate's export names the company instead (as their own pages do): a "
    "recruiter's identity is the recruiter's data, and their action is about the "
    "candidate, not about them."
)


def register() -> None:
    register_section(
        "applications",
        applications,
        covers=("jobs.Application.candidate", "jobs.ApplicationEvent.application"),
    )
    register_section(
        "messages",
        messages,
        # A recruiter's own messages are in the seeker's export (the seeker
        # received them), named by the company; the recruiter's export does not
        # list them (they are the company's correspondence, like stage changes).
        covers=("jobs.Conversation.application", "jobs.Message.sender"),
    )
    register_section("saved_roles", saved_roles, covers=("jobs.SavedRole.user",))
    register_section(
        "saved_searches", saved_searches, covers=("jobs.SavedSearch.user",)
    )
    register_section(
        "screening",
        screening,
        covers=("jobs.Screening.profile", "jobs.ScreeningChange.profile"),
    )
    register_section(
        "matching",
        matching,
        covers=("jobs.CandidateCard.profile", "jobs.Match.profile"),
    )
    register_section(
        "apply_invitations",
        apply_invitations,
        covers=("jobs.ApplyInvitation.profile",),
    )
    register_section(
        "profile_views", profile_views, covers=("jobs.ProfileView.profile",)
    )
    register_section("team", team, covers=("jobs.Membership.user",))
    # Outbox rows name their recipients by address, not by a relation: no
    # relation to declare, so the model walk cannot see them (tested directly).
    register_section("emails", emails, covers=())

    for relation in (
        "jobs.ApplicationEvent.by",
        "jobs.ApplyInvitation.invited_by",
        "jobs.ProfileView.viewer",
    ):
        declare_not_exported(relation, _OTHER_PERSON)
    for relation in (
        "jobs.Company.verified_by",
        "jobs.HistoricalCompany.verified_by",
        "jobs.Role.created_by",
        "jobs.HistoricalRole.created_by",
        "jobs.Role.approved_by",
        "jobs.HistoricalRole.approved_by",
        "jobs.RulesConfiguration.created_by",
        "jobs.HistoricalRulesConfiguration.created_by",
        "jobs.ScreeningRun.started_by",
        "jobs.WebhookEndpoint.created_by",
        # A key's author and revoker: a company's (or staff's) work record.
        "jobs.ApiKey.created_by",
        "jobs.ApiKey.revoked_by",
    ):
        declare_not_exported(relation, _STAFF_WORK)
    for relation in (
        "jobs.HistoricalApplication.candidate",
        "jobs.HistoricalApplication.history_user",
        "jobs.HistoricalCompany.history_user",
        "jobs.HistoricalRole.history_user",
        "jobs.HistoricalRulesConfiguration.history_user",
    ):
        declare_not_exported(relation, _AUDIT_COPY)
    declare_not_exported(
        "jobs.City.desired_by",
        "Derived from the profile's desired cities, exported as typed with the "
        "profile; the link to the shared city table adds nothing of the person's.",
    )
    declare_not_exported(
        "jobs.Invitation.invited_by",
        "A team invitation holds the invitee's email, another person's data; the "
        "owner sees open invitations under Team. Invitations addressed to the "
        "person are exported under `team.invitations_received`.",
    )
