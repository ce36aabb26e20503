"""Admin for users."""

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    AccountDeletion,
    CandidateProfile,
    Education,
    LanguageSkill,
    Position,
    Skill,
    User,
)
from portal.admin_inlines import CappedTabularInline
from portal.exports import stream_csv

# Who may grant rights: only superusers. Anyone else with "change user" (Support)
# sees these read-only and cannot edit staff accounts at all.
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")
# What would let a non-superuser sign in as someone: setting the password, or
# changing the login email to a mailbox they read and resetting the password.
# Only superusers may change them.
SIGN_IN_FIELDS = ("email",)


class HasTOTPFilter(admin.SimpleListFilter):
    title = _("two-factor authentication")
    parameter_name = "totp"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_totp=self.value() == "yes")
        return queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("-date_joined",)
    list_display = (
        "email",
        "name",
        "account_type",
        "is_active",
        "is_staff",
        "two_factor",
        "last_login",
        "date_joined",
    )
    list_filter = (
        "account_type",
        "is_active",
        "is_staff",
        "is_superuser",
        HasTOTPFilter,
        "groups",
    )
    search_fields = ("email", "name")
    readonly_fields = ("date_joined", "last_login")

    def get_queryset(self, request):
        totp = Authenticator.objects.filter(
            user=OuterRef("pk"), type=Authenticator.Type.TOTP
        )
        return super().get_queryset(request).annotate(has_totp=Exists(totp))

    @admin.display(description=_("2FA"), boolean=True, ordering="has_totp")
    def two_factor(self, obj) -> bool:
        return obj.has_totp

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *PRIVILEGE_FIELDS, *(SIGN_IN_FIELDS if obj else ()))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # No password field, so no link to the "set password" form either.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "password"]})
            for name, opts in fieldsets
        ]

    def user_change_password(self, request, id, form_url=""):
        """Only superusers may set a password (Support would sign in as the user)."""
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and (obj.is_staff or obj.is_superuser)
            and not request.user.is_superuser
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if (
            obj is not None
            and (obj.is_staff or obj.is_superuser)
            and not request.user.is_superuser
        ):
            return False
        return super().has_delete_permission(request, obj)

    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "account_type")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "account_type", "password1", "password2"),
            },
        ),
    )


class EducationInline(CappedTabularInline):
    model = Education
    extra = 0
    fields = (
        "level",
        "field",
        "discipline_code",
        "institution",
        "country",
        "conferred_date",
        "expected",
    )


class PositionInline(CappedTabularInline):
    model = Position
    extra = 0
    fields = ("title", "organisation", "kind", "field", "start_date", "end_date")


class LanguageInline(CappedTabularInline):
    model = LanguageSkill
    extra = 0


@admin.register(CandidateProfile)
class CandidateProfileAdmin(admin.ModelAdmin):
    list_display = (
        "display_name",
        "email",
        "nationality",
        "visibility",
        "outlook",
        "updated_at",
    )
    list_filter = ("visibility", "screening__outcome", "nationality", "hsk_level")
    search_fields = (
        "user__email",
        "given_name",
        "family_name",
        "chinese_name",
        "headline",
    )
    list_select_related = ("user", "screening")
    autocomplete_fields = ("user",)

    def get_readonly_fields(self, request, obj=None):
        # A profile never moves to another account (that would hand it over).
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "user") if obj is not None else fields

    readonly_fields = (
        "created_at",
        "updated_at",
        "consent_share_at",
        "consent_cross_border_at",
        "cv_uploaded_at",
    )
    inlines = [EducationInline, PositionInline, LanguageInline]
    date_hierarchy = "created_at"
    actions = ["export_csv"]

    @admin.action(description=_("Export selected candidates with outcomes (CSV)"))
    def export_csv(self, request, queryset):
        rows = (
            queryset.order_by("pk")
            .values_list(
                "pk",
                "user__email",
                "given_name",
                "family_name",
                "nationality",
                "visibility",
                "screening__outcome",
                "screening__failed_rules",
                "screening__rules_version",
                "screening__outcome_since",
            )
            .iterator(chunk_size=2000)
        )
        rows = ((*row[:7], ", ".join(row[7] or []), *row[8:]) for row in rows)
        return stream_csv(
            name="candidates",
            header=[
                "id",
                "email",
                "given_name",
                "family_name",
                "nationality",
                "visibility",
                "k_visa_outcome",
                "rules_not_passed",
                "rules_version",
                "outcome_since",
            ],
            rows=rows,
        )

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, obj: CandidateProfile) -> str:
        return obj.user.email

    @admin.display(description=_("K-visa outlook"), ordering="screening__outcome")
    def outlook(self, obj: CandidateProfile) -> str:
        screening = getattr(obj, "screening", None)
        return screening.get_outcome_display() if screening else "—"


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "profile_count")
    search_fields = ("name", "slug")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_profiles=Count("profiles"))

    @admin.display(description=_("profiles"), ordering="n_profiles")
    def profile_count(self, obj) -> int:
        return obj.n_profiles


@admin.register(AccountDeletion)
class AccountDeletionAdmin(admin.ModelAdmin):
    list_display = ("account_type", "deleted_at")
    list_filter = ("account_type",)
    date_hierarchy = "deleted_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
