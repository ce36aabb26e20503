"""Admin for companies, roles and applications: moderation, exports and history.

Approving and rejecting go through `jobs.services.moderation` (as `/moderation/`
does), so a decision means the same whether it comes from a list action, the
buttons on a role's or company's page or the quick moderation page; saving a role
goes through `save_role`, like the employer's form.
Roles, companies and applications keep their history (django-simple-history):
each admin's "History" shows who changed what.
"""

from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.requests import AuthenticatedRequest
from jobs.admin.history import AuditedAdmin
from jobs.forms import ReasonForm
from jobs.models import (
    Application,
    ApplicationEvent,
    Company,
    Invitation,
    Membership,
    Role,
    RoleStatus,
    SavedRole,
    SavedSearch,
)
from jobs.models.companies import CompanyQuerySet
from jobs.models.roles import RoleQuerySet
from jobs.services import moderation, roles
from jobs.services.moderation import Decision
from jobs.validators import discriminatory_terms
from portal.admin_inlines import CappedTabularInline
from portal.exports import stream_csv

EXPORT_CHUNK = 2000


def _export(queryset: QuerySet, *, name: str, columns: dict[str, str]):
    """The rows as CSV, streamed: header -> field path, read in chunks by pk."""
    rows = (
        queryset.order_by("pk")
        .values_list(*columns.values())
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    return stream_csv(name=name, header=list(columns), rows=rows)


def _reject_with_reason(modeladmin, request, queryset, *, reject, what):
    """An intermediate page asks for the reason; its POST rejects each row."""
    form = ReasonForm(request.POST if "reason" in request.POST else None)
    if form.is_bound and form.is_valid():
        count = reject(queryset, form.cleaned_data["reason"])
        modeladmin.message_user(
            request,
            _("%(count)d %(what)s rejected; the reason was emailed.")
            % {"count": count, "what": what},
            messages.SUCCESS,
        )
        return None
    return TemplateResponse(
        request,
        "admin/jobs/reject.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Reject %(what)s") % {"what": what},
            "objects": queryset,
            "form": form,
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


def wording_report(*texts: str) -> str:
    """The discriminatory phrases in `texts`, each in its sentence, marked (HTML)."""
    findings = []
    for text in texts:
        for term in discriminatory_terms(text or ""):
            at = text.find(term)
            findings.append(
                (
                    "…" if at > 40 else "",
                    text[max(0, at - 40) : at],
                    term,
                    text[at + len(term) : at + len(term) + 40],
                )
            )
    if not findings:
        return format_html("<span>{}</span>", _("No discriminatory wording found."))
    return format_html(
        '<ul class="wording-findings">{}</ul>',
        format_html_join(
            "",
            '<li>{}{}<mark class="wording-term">{}</mark>{}…</li>',
            findings,
        ),
    )


# The mixin goes before a ModelAdmin and uses its attributes (model, admin_site,
# message_user, get_urls): mypy is told so; at run time the base is `object`,
# so the method order of CompanyAdmin and RoleAdmin is unchanged.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object


class ModerationViews(_AdminBase):
    """Approve and reject buttons on a change page, as admin views.

    Approving is a POST; rejecting asks for the reason first. Both need the
    right to change the object, like the list actions.
    """

    approve_label = _("Approve")

    def moderate(self, obj, **decision) -> str:  # pragma: no cover - abstract
        """`moderate_role` or `moderate_company` for this admin's model."""
        raise NotImplementedError

    def moderation_queryset(self):
        return self.model.objects.all()

    def _url_name(self, view: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{view}"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/approve/",
                self.admin_site.admin_view(require_POST(self.approve_view)),
                name=self._url_name("approve"),
            ),
            path(
                "<path:object_id>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name=self._url_name("reject"),
            ),
            *super().get_urls(),
        ]

    def _moderated(self, request, object_id):
        obj = get_object_or_404(self.moderation_queryset(), pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _back_to(self, obj) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse(f"admin:{self._url_name('change')}", args=[obj.pk])
        )

    def _decide(self, request, obj, decision: Decision, reason: str = "") -> None:
        try:
            message = self.moderate(
                obj, decision=decision, by=request.user, reason=reason
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)

    def approve_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self._moderated(request, object_id)
        self._decide(request, obj, Decision.APPROVE)
        return self._back_to(obj)

    def reject_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self._moderated(request, object_id)
        form = ReasonForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            self._decide(request, obj, Decision.REJECT, form.cleaned_data["reason"])
            return self._back_to(obj)
        return TemplateResponse(
            request,
            "admin/jobs/reject_one.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reject “%(name)s”") % {"name": obj},
                "original": obj,
                "form": form,
                "opts": self.model._meta,
            },
        )


class VerifiedFilter(admin.SimpleListFilter):
    title = _("verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.verified()
        if self.value() == "no":
            return queryset.unverified()
        return queryset


class CompanyVerifiedFilter(admin.SimpleListFilter):
    title = _("company verified")
    parameter_name = "company_verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(company__verified_at__isnull=self.value() == "no")
        return queryset


class MembershipInline(CappedTabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


class InvitationInline(CappedTabularInline):
    model = Invitation
    extra = 0
    fields = ("email", "created_at", "accepted_at")
    readonly_fields = ("created_at", "accepted_at")


@admin.register(Company)
class CompanyAdmin(ModerationViews, AuditedAdmin):
    list_display = (
        "name",
        "name_zh",
        "credit_code",
        "city",
        "industry",
        "is_verified",
        "pending_role_count",
        "role_count",
        "created_at",
    )
    list_filter = (VerifiedFilter, "size", "industry", "city")
    search_fields = ("name", "name_zh", "credit_code")
    # The moderation queue first: companies awaiting verification, oldest first.
    ordering = (
        Case(
            When(verified_at__isnull=True, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ).asc(),
        "created_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("name", "name_zh"),
                    "credit_code",
                    ("city", "industry", "size"),
                    "website",
                    "logo",
                    "description",
                    "wording_findings",
                )
            },
        ),
        (
            _("Verification"),
            {"fields": ("verified_at", "verified_by", "rejection_reason")},
        ),
        (_("Dates"), {"fields": ("created_at", "updated_at")}),
    )
    readonly_fields = (
        "verified_at",
        "verified_by",
        "rejection_reason",
        "created_at",
        "updated_at",
        "wording_findings",
    )
    inlines = [MembershipInline, InvitationInline]
    actions = ["verify", "reject"]
    date_hierarchy = "created_at"
    change_form_template = "admin/jobs/company/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_roles=Count("roles"),
                n_pending=Count("roles", filter=Q(roles__status=RoleStatus.PENDING)),
            )
        )

    @admin.display(description=_("roles"), ordering="n_roles")
    def role_count(self, obj) -> int:
        return obj.n_roles

    @admin.display(description=_("roles pending review"), ordering="n_pending")
    def pending_role_count(self, obj) -> int:
        return obj.n_pending

    @admin.display(description=_("verified"), boolean=True, ordering="verified_at")
    def is_verified(self, obj) -> bool:
        return obj.verified_at is not None

    @admin.display(description=_("wording check"))
    def wording_findings(self, obj) -> str:
        return wording_report(obj.description) if obj and obj.pk else "—"

    @admin.action(
        description=_("Verify the selected companies"), permissions=["change"]
    )
    def verify(self, request: AuthenticatedRequest, queryset: CompanyQuerySet) -> None:
        moderation.verify_companies(companies=queryset.unverified(), by=request.user)
        self.message_user(request, _("Companies verified."), messages.SUCCESS)

    @admin.action(
        description=_("Reject (or un-verify) the selected companies…"),
        permissions=["change"],
    )
    def reject(self, request: AuthenticatedRequest, queryset: QuerySet):
        return _reject_with_reason(
            self,
            request,
            queryset,
            reject=lambda chosen, reason: moderation.reject_companies(
                companies=chosen, by=request.user, reason=reason
            ),
            what=_("companies"),
        )

    def moderate(self, obj, **decision) -> str:
        return moderation.moderate_company(company=obj, **decision)


@admin.register(Role)
class RoleAdmin(ModerationViews, AuditedAdmin):
    list_display = (
        "title",
        "company",
        "status",
        "company_verified",
        "wording",
        "city",
        "salary_min",
        "salary_max",
        "applicant_count",
        "submitted_at",
        "valid_until",
    )
    list_filter = (
        "status",
        CompanyVerifiedFilter,
        "work_mode",
        "k_visa_welcome",
        "sponsors_work_permit",
        "min_degree",
        # Cities the portal did not recognise, kept as written: staff add the
        # place (City admin) or correct the role.
        "city_unresolved",
    )
    search_fields = ("title", "company__name", "company__name_zh", "city")
    list_select_related = ("company",)
    autocomplete_fields = ("company", "required_skills", "preferred_skills")
    # The moderation queue first: pending roles, longest waiting first.
    ordering = (
        Case(
            When(status=RoleStatus.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ).asc(),
        "submitted_at",
        "-created_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "company",
                    "title",
                    "description",
                    "wording_findings",
                    ("required_skills", "preferred_skills"),
                )
            },
        ),
        (
            _("Terms"),
            {
                "fields": (
                    ("field_of_study", "min_degree", "years_experience"),
                    ("salary_min", "salary_max"),
                    ("city", "work_mode", "months_in_china"),
                    ("k_visa_welcome", "sponsors_work_permit"),
                    ("english_level", "hsk_level"),
                    ("openings", "valid_until"),
                )
            },
        ),
        (
            _("Moderation"),
            {"fields": ("status", "rejection_reason", "created_by", "approved_by")},
        ),
        (
            _("Dates"),
            {
                "fields": (
                    ("created_at", "updated_at"),
                    ("submitted_at", "published_at"),
                    ("closed_at", "expiry_warned_at"),
                )
            },
        ),
    )
    readonly_fields = (
        "status",
        "rejection_reason",
        "created_by",
        "approved_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "closed_at",
        "expiry_warned_at",
        "wording_findings",
    )
    actions = ["approve", "reject", "export_csv"]
    date_hierarchy = "created_at"
    change_form_template = "admin/jobs/role/change_form.html"

    def get_queryset(self, request):
        # The admin's queryset comes from Role's default manager: a RoleQuerySet.
        queryset = cast(RoleQuerySet, super().get_queryset(request))
        return queryset.with_applicant_counts()

    def moderation_queryset(self):
        return Role.objects.select_related("company")

    @admin.display(description=_("applicants"), ordering="applicant_count")
    def applicant_count(self, obj) -> int:
        return obj.applicant_count

    @admin.display(
        description=_("company verified"),
        boolean=True,
        ordering="company__verified_at",
    )
    def company_verified(self, obj) -> bool:
        return obj.company.verified_at is not None

    @admin.display(description=_("wording"))
    def wording(self, obj) -> str:
        found = discriminatory_terms(f"{obj.title}\n{obj.description}")
        if not found:
            return "—"
        return format_html(
            '<span title="{}" class="wording-warning">⚠ {}</span>',
            ", ".join(found),
            len(found),
        )

    @admin.display(description=_("wording check"))
    def wording_findings(self, obj) -> str:
        if not (obj and obj.pk):
            return "—"
        return wording_report(obj.title, obj.description)

    @admin.action(
        description=_("Approve the selected pending roles"), permissions=["change"]
    )
    def approve(self, request: AuthenticatedRequest, queryset: QuerySet) -> None:
        count = moderation.approve_roles(
            roles=queryset.filter(status=RoleStatus.PENDING).select_related("company"),
            by=request.user,
        )
        self.message_user(
            request, _("%(count)d roles approved.") % {"count": count}, messages.SUCCESS
        )

    @admin.action(description=_("Reject the selected roles…"), permissions=["change"])
    def reject(self, request: AuthenticatedRequest, queryset: QuerySet):
        return _reject_with_reason(
            self,
            request,
            queryset.filter(status__in=moderation.REJECTABLE_ROLES),
            reject=lambda chosen, reason: moderation.reject_roles(
                roles=chosen.select_related("company"), by=request.user, reason=reason
            ),
            what=_("roles"),
        )

    @admin.action(
        description=_("Export the selected roles (CSV)"), permissions=["view"]
    )
    def export_csv(self, request: HttpRequest, queryset: QuerySet):
        columns = {
            "id": "pk",
            "title": "title",
            "company": "company__name",
            "company_zh": "company__name_zh",
            "credit_code": "company__credit_code",
            "company_verified_at": "company__verified_at",
            "status": "status",
            "city": "city",
            "work_mode": "work_mode",
            "salary_min_cny": "salary_min",
            "salary_max_cny": "salary_max",
            "min_degree": "min_degree",
            "k_visa_welcome": "k_visa_welcome",
            "sponsors_work_permit": "sponsors_work_permit",
            "applicants": "applicant_count",
            "submitted_at": "submitted_at",
            "published_at": "published_at",
            "valid_until": "valid_until",
        }
        return _export(queryset, name="roles", columns=columns)

    def moderate(self, obj, **decision) -> str:
        return moderation.moderate_role(role=obj, **decision)

    def save_model(self, request, obj, form, change) -> None:
        """Nothing yet: `save_related` saves the role and its skills in one service
        call (`save_role`, as the employer's form does)."""

    def save_related(self, request, form, formsets, change) -> None:
        role = form.instance
        # The history names the staff member (SimpleHistoryAdmin.save_model would).
        role._history_user = request.user
        roles.save_role(
            role=role,
            required_skills=[s.name for s in form.cleaned_data["required_skills"]],
            preferred_skills=[s.name for s in form.cleaned_data["preferred_skills"]],
            by=request.user,
            # A moderator's edit is reviewed by its author: it does not send a
            # published role back to the queue.
            review=False,
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class ApplicationEventInline(CappedTabularInline):
    model = ApplicationEvent
    extra = 0
    fields = ("at", "from_stage", "to_stage", "by", "note", "message")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(AuditedAdmin):
    list_display = (
        "role",
        "company",
        "candidate",
        "outlook",
        "stage",
        "applied_at",
        "stage_changed_at",
    )
    list_filter = ("stage", "role__status", "candidate__profile__screening__outcome")
    search_fields = ("role__title", "role__company__name", "candidate__email")
    list_select_related = ("role__company", "candidate__profile__screening")
    autocomplete_fields = ("role", "candidate")
    # Stages move through the employer's pipeline (events, emails), not here.
    readonly_fields = ("stage", "applied_at", "stage_changed_at")
    inlines = [ApplicationEventInline]
    date_hierarchy = "applied_at"
    actions = ["export_csv"]

    @admin.display(description=_("company"), ordering="role__company__name")
    def company(self, obj) -> str:
        return obj.role.company.name

    @admin.display(
        description=_("K-visa outlook"),
        ordering="candidate__profile__screening__outcome",
    )
    def outlook(self, obj) -> str:
        profile = getattr(obj.candidate, "profile", None) if obj.candidate else None
        screening = getattr(profile, "screening", None) if profile else None
        return screening.get_outcome_display() if screening else "—"

    @admin.action(
        description=_("Export the selected applications (CSV)"), permissions=["view"]
    )
    def export_csv(self, request: HttpRequest, queryset: QuerySet):
        columns = {
            "id": "pk",
            "role_id": "role_id",
            "role": "role__title",
            "company": "role__company__name",
            "candidate_email": "candidate__email",
            "k_visa_outcome": "candidate__profile__screening__outcome",
            "stage": "stage",
            "applied_at": "applied_at",
            "stage_changed_at": "stage_changed_at",
        }
        return _export(queryset, name="applications", columns=columns)


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(admin.ModelAdmin):
    """The stage changes across all applications, read-only."""

    list_display = ("application", "from_stage", "to_stage", "by", "at")
    list_filter = ("to_stage",)
    search_fields = (
        "application__role__title",
        "application__candidate__email",
        "by__email",
    )
    list_select_related = ("application__role", "application__candidate", "by")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "company", "role", "joined_at")
    list_filter = ("role",)
    search_fields = ("user__email", "company__name", "company__name_zh")
    list_select_related = ("user", "company")
    autocomplete_fields = ("user", "company")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "company", "invited_by", "created_at", "accepted_at")
    list_filter = (("accepted_at", admin.EmptyFieldListFilter),)
    search_fields = ("email", "company__name", "invited_by__email")
    list_select_related = ("company", "invited_by")
    fields = ("company", "email", "invited_by", "created_at", "accepted_at")
    readonly_fields = fields  # invitations are sent by owners: tokens are never shown

    def has_add_permission(self, request):
        return False


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "query", "created_at", "last_sent_at")
    search_fields = ("name", "user__email", "query")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)


@admin.register(SavedRole)
class SavedRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "saved_at")
    search_fields = ("user__email", "role__title")
    list_select_related = ("user", "role")
    autocomplete_fields = ("user", "role")
