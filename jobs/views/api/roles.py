"""A company's roles: list, read, create, update, submit for review, close.

Writes go through the web's role form (its validation, including the refusal of
discriminatory wording) and the role services (moderation, match refreshes,
webhooks): the API is another door to the same rooms, never a way around them.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Status

from jobs.forms import RoleForm
from jobs.models import ApiScope, Role, RoleStatus
from jobs.models.roles import default_valid_until
from jobs.services import roles as role_services
from jobs.views.api.auth import KeyAuth
from jobs.views.api.paging import PageQuery, paginated
from jobs.views.api.problems import Problem, form_errors
from jobs.views.api.schemas import RoleIn, RoleOut, RolePage, RolePatch, role_out

router = Router(tags=["roles"])

READ = KeyAuth(ApiScope.READ_ROLES)
WRITE = KeyAuth(ApiScope.WRITE_ROLES)
MAX_ID = 2**31 - 1


class RoleListQuery(PageQuery):
    status: RoleStatus | None = Field(None, description="Only roles in this state.")


def _company_roles(request):
    return (
        Role.objects.of_company(request.auth.company)
        .select_related("company")
        .prefetch_related("required_skills", "preferred_skills")
    )


def company_role(request, role_id: int) -> Role:
    """One of the key's company's roles; any other id is a 404."""
    return get_object_or_404(_company_roles(request), pk=role_id)


def _form_data(terms: dict) -> dict:
    data = {
        name: value for name, value in terms.items() if name in RoleForm.Meta.fields
    }
    data["required_skills_text"] = ", ".join(terms.get("required_skills") or [])
    data["preferred_skills_text"] = ", ".join(terms.get("preferred_skills") or [])
    data["valid_until"] = terms.get("valid_until") or default_valid_until()
    # A checkbox is absent when false: the form reads booleans that way.
    for name in ("k_visa_welcome", "sponsors_work_permit"):
        if not data.get(name):
            data.pop(name, None)
    return {k: v for k, v in data.items() if v is not None}


def _current_terms(role: Role) -> dict:
    terms = {
        name: getattr(role, name)
        for name in RoleForm.Meta.fields
        if hasattr(role, name)
    }
    terms["required_skills"] = [s.name for s in role.required_skills.all()]
    terms["preferred_skills"] = [s.name for s in role.preferred_skills.all()]
    return terms


def _save(request, role: Role, terms: dict) -> Role:
    form = RoleForm(_form_data(terms), instance=role)
    if not form.is_valid():
        raise Problem(422, errors=form_errors(form))
    try:
        return role_services.save_role(
            role=form.instance,
            required_skills=form.cleaned_data["required_skills_text"],
            preferred_skills=form.cleaned_data["preferred_skills_text"],
            by=request.auth.created_by,
        )
    except ValidationError as error:
        raise Problem(422, " ".join(error.messages)) from error


def _fresh(request, role: Role) -> dict:
    return role_out(company_role(request, role.pk), request)


@router.get("/roles/", response=RolePage, url_name="roles", auth=READ)
def list_roles(request, filters: Query[RoleListQuery]):
    """The company's roles in every state, newest first."""
    roles = _company_roles(request).order_by("-created_at", "-pk")
    if filters.status:
        roles = roles.filter(status=filters.status)
    return paginated(request, roles, filters, lambda r: role_out(r, request))


@router.post("/roles/", response={201: RoleOut}, url_name="roles", auth=WRITE)
def create_role(request, payload: RoleIn):
    """A new draft (or, with `submit`, sent for review: a verified company's role
    may publish at once, as on the web)."""
    role = _save(request, Role(company=request.auth.company), payload.model_dump())
    if payload.submit:
        role_services.submit_role(role=role)
    return Status(201, _fresh(request, role))


@router.get("/roles/{role_id}/", response=RoleOut, url_name="role", auth=READ)
def get_role(request, role_id: int = Path(..., ge=1, le=MAX_ID)):
    return role_out(company_role(request, role_id), request)


@router.patch("/roles/{role_id}/", response=RoleOut, url_name="role", auth=WRITE)
def update_role(request, payload: RolePatch, role_id: int = Path(..., ge=1, le=MAX_ID)):
    """Change some fields. Editing a published role sends it back to review,
    as on the web; a closed or expired role cannot be edited (409)."""
    role = company_role(request, role_id)
    if not role.is_editable:
        raise Problem(409, _("A closed or expired role cannot be edited."))
    changes = payload.model_dump(exclude_unset=True)
    terms = {
        **_current_terms(role),
        **{k: v for k, v in changes.items() if v is not None},
    }
    return _fresh(request, _save(request, role, terms))


@router.post(
    "/roles/{role_id}/submit/", response=RoleOut, url_name="role_submit", auth=WRITE
)
def submit_role(request, role_id: int = Path(..., ge=1, le=MAX_ID)):
    """Send a draft for review (409 for a role that is not a draft)."""
    role = company_role(request, role_id)
    if role.status != RoleStatus.DRAFT:
        raise Problem(409, _("Only a draft can be sent for review."))
    try:
        role_services.submit_role(role=role)
    except ValidationError as error:
        raise Problem(422, " ".join(error.messages)) from error
    return _fresh(request, role)


@router.post(
    "/roles/{role_id}/close/", response=RoleOut, url_name="role_close", auth=WRITE
)
def close_role(request, role_id: int = Path(..., ge=1, le=MAX_ID)):
    """Stop taking applications. Closing twice is harmless."""
    role = company_role(request, role_id)
    role_services.close_role(role=role)
    return _fresh(request, role)
