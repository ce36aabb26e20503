"""A role's pipeline board: columns by stage, moves, bulk reject, the CSV export.

Only members of the role's company get past `role_member_required`; anyone
else signed in gets a 404, so a role id never confirms that the role exists.
"""

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import ChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import AuthenticatedRequest
from jobs.forms import (
    BoardMoveForm,
    BulkRejectForm,
    parse_db_id,
)
from jobs.models import Application, Company, Role
from jobs.selectors.dashboards import board_applications, board_columns
from jobs.selectors.exports import applicant_export
from jobs.services.applications import move_application, reject_applications
from jobs.views.access import role_member_required
from jobs.views.employer import _form_error
from portal.exports import stream_csv


def _board_url(role: Role, application_pk: int | None = None) -> str:
    url = reverse("jobs:role_board", args=[role.pk])
    return f"{url}#application-{application_pk}" if application_pk else url


def _render_board(
    request, role: Role, *, reject_form: BulkRejectForm | None = None
) -> HttpResponse:
    columns, withdrawn = board_columns(board_applications(role=role))
    selected: set[int] = set()
    if reject_form is not None and reject_form.is_bound:
        # Keep the boxes the employer ticked when the form comes back with errors.
        ticked = (parse_db_id(pk) for pk in request.POST.getlist("applications"))
        selected = {pk for pk in ticked if pk is not None}
    return render(
        request,
        "jobs/role_board.html",
        {
            "role": role,
            "columns": columns,
            "withdrawn": withdrawn,
            "move_stages": cast(
                ChoiceField, BoardMoveForm.base_fields["stage"]
            ).choices,
            "reject_form": reject_form or BulkRejectForm(),
            "selected": selected,
        },
        status=400 if reject_form is not None and reject_form.errors else 200,
    )


@role_member_required
@require_GET
def role_board(request: HttpRequest, pk: int, *, company: Company) -> HttpResponse:
    """A role's pipeline: a column per stage, a card per applicant."""
    role = get_object_or_404(Role, pk=pk, company=company)
    return _render_board(request, role)


@role_member_required
@require_POST
def role_board_move(
    request: AuthenticatedRequest, pk: int, *, company: Company
) -> HttpResponse:
    """Move one card to another stage (and/or add a note); the candidate is emailed."""
    role = get_object_or_404(Role, pk=pk, company=company)
    form = BoardMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a stage to move the applicant to."))
        return redirect(_board_url(role))
    # Only this role's applications: an id from another role is a 404.
    application = get_object_or_404(
        Application, pk=form.cleaned_data["application"], role=role
    )
    try:
        event = move_application(
            application=application,
            stage=form.cleaned_data["stage"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if event is None:
            messages.info(request, _("Nothing changed."))
        elif event.from_stage != event.to_stage:
            messages.success(
                request,
                _("Moved to %(stage)s; the candidate is emailed.")
                % {"stage": event.get_to_stage_display()},
            )
        else:
            messages.success(request, _("Note added."))
    return redirect(_board_url(role, application.pk))


@role_member_required
@require_POST
def role_board_reject(
    request: AuthenticatedRequest, pk: int, *, company: Company
) -> HttpResponse:
    """Reject the ticked applicants with one reason, emailed to each of them."""
    role = get_object_or_404(Role, pk=pk, company=company)
    form = BulkRejectForm(request.POST)
    if not form.is_valid():
        _form_error(request)
        return _render_board(request, role, reject_form=form)
    try:
        events = reject_applications(
            role=role,
            application_ids=form.cleaned_data["applications"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ValidationError as error:
        form.add_error("reason", error)
        _form_error(request)
        return _render_board(request, role, reject_form=form)
    if events:
        messages.success(
            request,
            ngettext(
                "%(count)d applicant rejected; they are emailed the reason.",
                "%(count)d applicants rejected; each is emailed the reason.",
                len(events),
            )
            % {"count": len(events)},
        )
    else:
        messages.info(request, _("No applicant was rejected."))
    return redirect(_board_url(role))


@role_member_required
@require_GET
def role_applicants_csv(request: HttpRequest, pk: int, *, company: Company):
    """The role's applicants as CSV, streamed.

    The same facts the applicant page shows: never the date of birth or the
    account email. Withdrawn applications are left out.
    """
    role = get_object_or_404(Role, pk=pk, company=company)
    header, rows = applicant_export(role=role)
    return stream_csv(name=f"applicants-role-{role.pk}", header=header, rows=rows)
