"""A role's applications: list, read, move to another stage (the same emails as
the web), and the candidates who match a role."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router

from jobs.forms import MatchFilterForm
from jobs.models import ApiScope, Application, OutcomeChoices, Role, Stage
from jobs.selectors.matching import (
    applications_visible_to,
    explain_matches,
    role_matches,
)
from jobs.services.applications import move_application
from jobs.views.api.auth import KeyAuth
from jobs.views.api.paging import PageQuery, paginated
from jobs.views.api.problems import Problem, form_errors
from jobs.views.api.schemas import (
    ApplicationOut,
    ApplicationPage,
    MatchPage,
    StageMove,
    application_out,
    match_out,
)

router = Router(tags=["applications and matches"])

READ = KeyAuth(ApiScope.READ_APPLICATIONS)
WRITE = KeyAuth(ApiScope.WRITE_APPLICATIONS)
MATCHES = KeyAuth(ApiScope.READ_MATCHES)
MAX_ID = 2**31 - 1


class ApplicationQuery(PageQuery):
    stage: Stage | None = Field(None, description="Only applications at this stage.")


class MatchQuery(PageQuery):
    outcome: OutcomeChoices | None = Field(None, description="K-visa outlook.")
    min_score: int | None = Field(None, ge=0, le=100)
    degree: str = Field("", max_length=20, description="Highest degree at least.")
    field: str = Field("", max_length=100, description="Field of study.")


def _role(request, role_id: int) -> Role:
    return get_object_or_404(Role.objects.of_company(request.auth.company), pk=role_id)


def _applications(request) -> QuerySet[Application]:
    """The applications the company may open, as on the web (a withdrawn and
    hidden candidate's is a 404)."""
    return applications_visible_to(request.auth.company).select_related(
        "candidate__profile__screening"
    )


@router.get(
    "/roles/{role_id}/applications/",
    response=ApplicationPage,
    url_name="role_applications",
    auth=READ,
)
def list_applications(
    request, filters: Query[ApplicationQuery], role_id: int = Path(..., ge=1, le=MAX_ID)
):
    """A role's applications, newest first."""
    role = _role(request, role_id)
    applications = (
        _applications(request).filter(role=role).order_by("-applied_at", "-pk")
    )
    if filters.stage:
        applications = applications.filter(stage=filters.stage)
    return paginated(request, applications, filters, application_out)


@router.get(
    "/applications/{application_id}/",
    response=ApplicationOut,
    url_name="application",
    auth=READ,
)
def get_application(request, application_id: int = Path(..., ge=1, le=MAX_ID)):
    return application_out(get_object_or_404(_applications(request), pk=application_id))


@router.post(
    "/applications/{application_id}/stage/",
    response=ApplicationOut,
    url_name="application_stage",
    auth=WRITE,
)
def move_stage(
    request, payload: StageMove, application_id: int = Path(..., ge=1, le=MAX_ID)
):
    """Move the applicant to `stage`, with a note for the team and a message
    emailed to the candidate, exactly as the applicant page does."""
    application = get_object_or_404(_applications(request), pk=application_id)
    try:
        move_application(
            application=application,
            stage=payload.stage,
            note=payload.note.strip(),
            message=payload.message.strip(),
            by=request.auth.created_by,
        )
    except ValidationError as error:
        raise Problem(422, " ".join(error.messages)) from error
    return application_out(get_object_or_404(_applications(request), pk=application_id))


@router.get(
    "/roles/{role_id}/matches/",
    response=MatchPage,
    url_name="role_matches",
    auth=MATCHES,
)
def list_matches(
    request, filters: Query[MatchQuery], role_id: int = Path(..., ge=1, le=MAX_ID)
):
    """The role's best candidates the company may see, best first, with the
    score's components and the K-visa outlook: the matches page's list."""
    role = _role(request, role_id)
    form = MatchFilterForm(
        {
            "outcome": filters.outcome or "",
            "min_score": "" if filters.min_score is None else filters.min_score,
            "degree": filters.degree,
            "field": filters.field,
        }
    )
    if not form.is_valid():
        raise Problem(422, errors=form_errors(form))
    matches = form.apply(role_matches(role=role))
    return paginated(request, matches, filters, match_out, prepare=explain_matches)
