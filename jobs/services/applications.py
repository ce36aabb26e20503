"""Application services: apply, withdraw, move through stages, reject in bulk."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import (
    EMPLOYER_STAGES,
    Application,
    ApplicationEvent,
    Role,
    Stage,
    WebhookEvent,
)
from jobs.services import notifications, webhooks
from portal.formatting import iso_timestamp


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
    webhooks.emit(
        company=role.company_id,
        event=WebhookEvent.APPLICATION_CREATED,
        data={
            "application_id": application.pk,
            "role_id": role.pk,
            "role_title": role.title,
            "stage": application.stage,
            "applied_at": iso_timestamp(application.applied_at),
        },
    )
    return application


def _emit_stage_changed(application: Application, *, from_stage: str) -> None:
    webhooks.emit(
        company=application.role.company_id,
        event=WebhookEvent.APPLICATION_STAGE_CHANGED,
        data={
            "application_id": application.pk,
            "role_id": application.role_id,
            "from_stage": from_stage,
            "to_stage": application.stage,
            "changed_at": iso_timestamp(application.stage_changed_at),
        },
    )


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
    _emit_stage_changed(application, from_stage=before)
    return application


@transaction.atomic
def move_application(
    *, application: Application, stage: str, note: str = "", message: str = "", by: User
) -> ApplicationEvent | None:
    """Move an applicant to another stage and email them (outbox, on commit)."""

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
        before = application.stage
        application.stage = stage
        application.stage_changed_at = timezone.now()
        application.save(update_fields=["stage", "stage_changed_at"])
        notifications.stage_changed(event=event)
        _emit_stage_changed(application, from_stage=before)
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
