from django.urls import path

from jobs import (
    views,
    views_employer,
    views_matching,
    views_roles,
    views_seeker,
    views_staff,
)
from jobs.feeds import RoleFeed

app_name = "jobs"
urlpatterns = [
    path("employer/", views.employer_dashboard, name="employer_dashboard"),
    path("visa-outlook/", views_seeker.visa_outlook, name="visa_outlook"),
    path(
        "lookups/institutions/", views.institution_suggest, name="institution_suggest"
    ),
    path("lookups/fields/", views.field_suggest, name="field_suggest"),
    # Public
    path("roles/", views_roles.role_search, name="role_search"),
    path("roles/feed/", RoleFeed(), name="role_feed"),
    path("roles/<int:pk>/", views_roles.role_detail, name="role_detail"),
    path("roles/<int:pk>/apply/", views_roles.role_apply, name="role_apply"),
    path("roles/<int:pk>/save/", views_roles.role_save, name="role_save"),
    path("companies/<int:pk>/", views_roles.company_detail, name="company_detail"),
    path("companies/<int:pk>/logo/", views_roles.company_logo, name="company_logo"),
    # Seekers
    path("my-applications/", views_roles.my_applications, name="my_applications"),
    path(
        "my-applications/<int:pk>/withdraw/",
        views_roles.application_withdraw,
        name="application_withdraw",
    ),
    path("saved/", views_roles.saved, name="saved"),
    path(
        "saved/searches/", views_roles.saved_search_create, name="saved_search_create"
    ),
    path(
        "saved/searches/<int:pk>/delete/",
        views_roles.saved_search_delete,
        name="saved_search_delete",
    ),
    # Employers
    path("employer/company/", views_employer.company_edit, name="company_edit"),
    path("employer/team/", views_employer.team, name="team"),
    path("employer/team/invite/", views_employer.team_invite, name="team_invite"),
    path(
        "employer/team/<int:pk>/remove/", views_employer.team_remove, name="team_remove"
    ),
    path(
        "invitations/<str:token>/",
        views_employer.invitation_accept,
        name="invitation_accept",
    ),
    path("employer/roles/new/", views_employer.role_create, name="role_create"),
    path(
        "employer/roles/<int:pk>/", views_employer.employer_role, name="employer_role"
    ),
    path("employer/roles/<int:pk>/edit/", views_employer.role_edit, name="role_edit"),
    # Pipeline board of a role: columns by stage, moves, bulk reject, CSV export.
    path(
        "employer/roles/<int:pk>/board/", views_employer.role_board, name="role_board"
    ),
    path(
        "employer/roles/<int:pk>/board/move/",
        views_employer.role_board_move,
        name="role_board_move",
    ),
    path(
        "employer/roles/<int:pk>/board/reject/",
        views_employer.role_board_reject,
        name="role_board_reject",
    ),
    path(
        "employer/roles/<int:pk>/applicants.csv",
        views_employer.role_applicants_csv,
        name="role_applicants_csv",
    ),
    path(
        "employer/roles/<int:pk>/submit/",
        views_employer.role_submit,
        name="role_submit",
    ),
    path(
        "employer/roles/<int:pk>/close/", views_employer.role_close, name="role_close"
    ),
    path(
        "employer/applications/<int:pk>/",
        views_employer.application_detail,
        name="application_detail",
    ),
    path(
        "employer/applications/<int:pk>/cv/",
        views_employer.application_cv,
        name="application_cv",
    ),
    # Staff
    path("moderation/", views_staff.moderation, name="moderation"),
    path(
        "moderation/roles/<int:pk>/<str:decision>/",
        views_staff.role_moderate,
        name="role_moderate",
    ),
    path(
        "moderation/companies/<int:pk>/<str:decision>/",
        views_staff.company_moderate,
        name="company_moderate",
    ),
    # Matching: a role's best candidates, a candidate seen by an employer, invitations.
    path(
        "employer/roles/<int:pk>/matches/",
        views_matching.role_matches_view,
        name="role_matches",
    ),
    path(
        "employer/candidates/<int:profile_id>/",
        views_matching.candidate_detail,
        name="candidate_detail",
    ),
    path(
        "employer/candidates/<int:profile_id>/cv/",
        views_matching.candidate_cv,
        name="candidate_cv",
    ),
    path(
        "employer/candidates/<int:profile_id>/invite/",
        views_matching.invite_candidate,
        name="invite_candidate",
    ),
    path("roles-for-you/", views_matching.roles_for_you, name="roles_for_you"),
]
