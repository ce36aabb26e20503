"""Admin for companies, roles and applications, with moderation actions.

Approving and rejecting go through the services in `jobs.roles` and
`jobs.companies`, so a rejection always stores and emails its reason.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from jobs import companies, roles
from jobs.models import (
    Application,
    ApplicationEvent,
    Company,
    Invitation,
    Membership,
    Role,
    RoleStatus,
    SavedSearch,
)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (emailed to the employer)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )


def _reject_with_reason(modeladmin, request, queryset, *, reject, what):
    """An intermediate page asks for the reason; its POST rejects each row."""
    form = RejectForm(request.POST if "reason" in request.POST else None)
    if form.is_bound and form.is_valid():
        for obj in queryset:
            reject(obj, form.cleaned_data["reason"])
        modeladmin.message_user(
            request,
            _("%(count)d %(what)s rejected; the reason was emailed.")
            % {"count": len(queryset), "what": what},
            messages.SUCCESS,
        )
        return None
    return TemplateResponse(
        request,
        "jobs/admin/reject.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Reject %(what)s") % {"what": what},
            "objects": queryset,
            "form": form,
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ("email", "created_at", "accepted_at")
    readonly_fields = ("created_at", "accepted_at")


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "name_zh",
        "credit_code",
        "city",
        "industry",
        "verified_at",
        "role_count",
    )
    list_filter = (VerifiedFilter, "size", "city")
    search_fields = ("name", "name_zh", "credit_code")
    readonly_fields = ("verified_at", "verified_by", "created_at", "updated_at")
    inlines = [MembershipInline, InvitationInline]
    actions = ["verify", "reject"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_roles=Count("roles"))

    @admin.display(description=_("roles"), ordering="n_roles")
    def role_count(self, obj) -> int:
        return obj.n_roles

    @admin.action(description=_("Verify the selected companies"))
    def verify(self, request: HttpRequest, queryset: QuerySet) -> None:
        for company in queryset.unverified():
            companies.verify_company(company=company, by=request.user)
        self.message_user(request, _("Companies verified."), messages.SUCCESS)

    @admin.action(description=_("Reject (or un-verify) the selected companies…"))
    def reject(self, request: HttpRequest, queryset: QuerySet):
        return _reject_with_reason(
            self,
            request,
            queryset,
            reject=lambda c, reason: companies.reject_company(
                company=c, reason=reason, by=request.user
            ),
            what=_("companies"),
        )


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "company",
        "status",
        "city",
        "salary_min",
        "salary_max",
        "valid_until",
        "published_at",
    )
    list_filter = (
        "status",
        "work_mode",
        "k_visa_welcome",
        "sponsors_work_permit",
        "min_degree",
    )
    search_fields = ("title", "company__name", "company__name_zh", "city")
    list_select_related = ("company",)
    autocomplete_fields = (
        "company",
        "required_skills",
        "preferred_skills",
        "created_by",
    )
    readonly_fields = (
        "status",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "closed_at",
        "expiry_warned_at",
    )
    actions = ["approve", "reject"]
    date_hierarchy = "created_at"

    @admin.action(description=_("Approve the selected pending roles"))
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for role in queryset.filter(status=RoleStatus.PENDING).select_related(
            "company"
        ):
            roles.approve_role(role=role, by=request.user)
            count += 1
        self.message_user(
            request, _("%(count)d roles approved.") % {"count": count}, messages.SUCCESS
        )

    @admin.action(description=_("Reject the selected roles…"))
    def reject(self, request: HttpRequest, queryset: QuerySet):
        return _reject_with_reason(
            self,
            request,
            queryset.filter(status__in=[RoleStatus.PENDING, RoleStatus.PUBLISHED]),
            reject=lambda r, reason: roles.reject_role(
                role=r, reason=reason, by=request.user
            ),
            what=_("roles"),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        role = form.instance
        names = [s.name for s in role.required_skills.all()] + [
            s.name for s in role.preferred_skills.all()
        ]
        Role.objects.filter(pk=role.pk).update(skills_text=", ".join(names)[:1000])
        roles.update_search_vectors(Role.objects.filter(pk=role.pk))


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    fields = ("at", "from_stage", "to_stage", "by", "note", "message")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "role",
        "company",
        "candidate",
        "stage",
        "applied_at",
        "stage_changed_at",
    )
    list_filter = ("stage",)
    search_fields = ("role__title", "role__company__name", "candidate__email")
    list_select_related = ("role__company", "candidate")
    autocomplete_fields = ("role", "candidate")
    readonly_fields = ("applied_at", "stage_changed_at")
    inlines = [ApplicationEventInline]
    date_hierarchy = "applied_at"

    @admin.display(description=_("company"), ordering="role__company__name")
    def company(self, obj) -> str:
        return obj.role.company.name


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "query", "created_at", "last_sent_at")
    search_fields = ("name", "user__email", "query")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
