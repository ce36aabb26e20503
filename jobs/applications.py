"""Application services: apply, withdraw, move through stages; saved roles and searches."""

from collections.abc import Iterable
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import (
    EMPLOYER_STAGES,
    Application,
    ApplicationEvent,
    Role,
    SavedRole,
    SavedSearch,
    Stage,
)


class AlreadyApplied(ValidationError):
    pass


@transaction.atomic
def apply_to_role(*, role: Role, user: User, cover_note: str) -> Application:
    """A seeker's application to a public role, once per role.

    The caller passes a role from `Role.objects.public()`; the unique constraint
    turns a double submit (two tabs, a retry) into AlreadyApplied, never a 500.
    """
    if not user.is_seeker:
        raise ValidationError(_("Only job seekers can apply."))
    application = Application(role=role, candidate=user, cover_note=cover_note)
    application.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise AlreadyApplied(_("You have already applied to this role.")) from error
    ApplicationEvent.objects.create(
        application=application, from_stage="", to_stage=Stage.APPLIED, by=user
    )
    return application


@transaction.atomic
def withdraw_application(*, application: Application) -> Application:
    if application.stage in (Stage.WITHDRAWN, Stage.HIRED):
        return application
    before = application.stage
    application.stage = Stage.WITHDRAWN
    application.stage_changed_at = timezone.now()
    application.save(update_fields=["stage", "stage_changed_at"])
    ApplicationEvent.objects.create(
        application=application,
        from_stage=before,
        to_stage=Stage.WITHDRAWN,
        by=application.candidate,
    )
    return application


@transaction.atomic
def move_application(
    *, application: Application, stage: str, note: str = "", message: str = "", by: User
) -> ApplicationEvent | None:
    """Move an applicant to another stage and email them (outbox, on commit)."""
    from jobs import notifications

    if stage not in EMPLOYER_STAGES:
        raise ValidationError(_("Choose a valid stage."))
    if application.stage == Stage.WITHDRAWN:
        raise ValidationError(_("The candidate withdrew this application."))
    if application.candidate_id is None:
        raise ValidationError(_("The candidate deleted their account."))
    if stage == application.stage and not note and not message:
        return None
    event = ApplicationEvent.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=stage,
        note=note,
        message=message,
        by=by,
    )
    if stage != application.stage:
        application.stage = stage
        application.stage_changed_at = timezone.now()
        application.save(update_fields=["stage", "stage_changed_at"])
        notifications.stage_changed(event=event)
    return event


@transaction.atomic
def reject_applications(
    *, role: Role, application_ids: Iterable[int], reason: str, by: User
) -> list[ApplicationEvent]:
    """Reject several of one role's applicants, each emailed the reason (on commit).

    Only `role`'s applications are touched: ids of other roles are ignored.
    Withdrawn, already rejected and deleted candidates are skipped. Each move goes
    through `move_application`, so history and emails are the same as one by one.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the candidates a reason."))
    applications = (
        Application.objects.filter(role=role, pk__in=list(application_ids))
        .exclude(stage__in=[Stage.WITHDRAWN, Stage.REJECTED])
        .filter(candidate__isnull=False)
        .select_for_update()
        .order_by("pk")
    )
    return [
        event
        for application in applications
        if (
            event := move_application(
                application=application,
                stage=Stage.REJECTED,
                message=reason,
                by=by,
            )
        )
        is not None
    ]


def anonymise_applications(*, user_id: int) -> int:
    """Blank what a deleting seeker wrote and what was written about them.

    The rows stay (with `candidate` set NULL by the foreign key) so employers'
    applicant counts and stage statistics survive the deletion.
    """
    ApplicationEvent.objects.filter(application__candidate_id=user_id).update(
        note="", message=""
    )
    # The audit trail keeps stages, not who: unlink the deleted account there too.
    Application.history.filter(candidate_id=user_id).update(candidate_id=None)
    return Application.objects.filter(candidate_id=user_id).update(cover_note="")


@transaction.atomic
def toggle_saved_role(*, user: User, role: Role) -> bool:
    """Save the role, or unsave it if saved. Returns whether it is now saved."""
    deleted, _rows = SavedRole.objects.filter(user=user, role=role).delete()
    if deleted:
        return False
    SavedRole.objects.get_or_create(user=user, role=role)
    return True


# Query parameters that do not change which roles match.
_NOT_CRITERIA = {"page", "sort", "csrfmiddlewaretoken", "name"}


def search_query_string(data: QueryDict) -> str:
    """The GET query of a search, sorted and without paging, for storing."""
    pairs = sorted(
        (key, value)
        for key in data
        if key not in _NOT_CRITERIA
        for value in data.getlist(key)
        if value.strip()
    )
    return urlencode(pairs)


@transaction.atomic
def save_search(*, user: User, data: QueryDict, name: str = "") -> SavedSearch:
    query = search_query_string(data)
    if not query:
        raise ValidationError(_("Choose a keyword or a filter before saving a search."))
    if len(query) > SavedSearch._meta.get_field("query").max_length:
        # PostgreSQL refuses an over-long value outright (SQLite would keep it).
        raise ValidationError(
            _("This search is too long to save: remove some keywords or filters.")
        )
    if SavedSearch.objects.filter(user=user).count() >= 20:
        raise ValidationError(_("You can keep up to 20 saved searches."))
    saved, _created = SavedSearch.objects.get_or_create(
        user=user,
        query=query,
        defaults={
            "name": (name or query)[:100],
            "last_sent_at": timezone.now(),
        },
    )
    return saved


def send_saved_search_emails(*, now=None) -> int:
    """Email each saved search's owner the public roles new since the last email.

    Idempotent per day: `last_sent_at` moves forward only after a search has been
    handled, and only roles published after it are listed.
    """
    from jobs import notifications
    from jobs.search import RoleFilter

    now = now or timezone.now()
    sent = 0
    searches = SavedSearch.objects.select_related("user").filter(user__is_active=True)
    for saved in searches.iterator(chunk_size=500):
        since = saved.last_sent_at or saved.created_at
        fresh = Role.objects.public().filter(
            published_at__gt=since, published_at__lte=now
        )
        roles = list(
            RoleFilter(QueryDict(saved.query), queryset=fresh).qs.select_related(
                "company"
            )[:20]
        )
        # The email and the new `last_sent_at` commit together: a crash cannot
        # skip these roles, nor list them twice.
        with transaction.atomic():
            email = (
                notifications.saved_search_roles(saved=saved, roles=roles)
                if roles
                else None
            )
            SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=now)
        if email is not None:
            notifications.deliver(email_id=email.pk)
            sent += 1
    return sent
