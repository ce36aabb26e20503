from django.urls import path

from jobs.views import (
    api_keys,
    board,
    check,
    cv_import,
    employer,
    lookups,
    matching,
    messages,
    public,
    seeker,
    staff,
    webhooks,
)
from jobs.web.feeds import RoleFeed

app_name = "jobs"
urlpatterns = [
    path("employer/", employer.employer_dashboard, name="employer_dashboard"),
    path("visa-outlook/", seeker.visa_outlook, name="visa_outlook"),
    path(
        "lookups/institutions/", lookups.institution_suggest, name="institution_suggest"
    ),
    path("lookups/fields/", lookups.field_suggest, name="field_suggest"),
    path("lookups/cities/", lookups.city_suggest, name="city_suggest"),
    # Public
    path("roles/", public.role_search, name="role_search"),
    path("roles/feed/", RoleFeed(), name="role_feed"),
    path("roles/<int:pk>/", public.role_detail, name="role_detail"),
    path("roles/<int:pk>/apply/", seeker.role_apply, name="role_apply"),
    path("roles/<int:pk>/save/", seeker.role_save, name="role_save"),
    path("companies/<int:pk>/", public.company_detail, name="company_detail"),
    path("companies/<int:pk>/logo/", public.company_logo, name="company_logo"),
    # Seekers
    path("my-applications/", seeker.my_applications, name="my_applications"),
    path(
        "my-applications/<int:pk>/withdraw/",
        seeker.application_withdraw,
        name="application_withdraw",
    ),
    path("saved/", seeker.saved, name="saved"),
    path("saved/searches/", seeker.saved_search_create, name="saved_search_create"),
    path(
        "saved/searches/<int:pk>/delete/",
        seeker.saved_search_delete,
        name="saved_search_delete",
    ),
    # Employers
    path("employer/company/", employer.company_edit, name="company_edit"),
    path("employer/team/", employer.team, name="team"),
    path("employer/team/invite/", employer.team_invite, name="team_invite"),
    path("employer/team/<int:pk>/remove/", employer.team_remove, name="team_remove"),
    path(
        "invitations/<str:token>/",
        employer.invitation_accept,
        name="invitation_accept",
    ),
    path("employer/roles/new/", employer.role_create, name="role_create"),
    path("employer/roles/<int:pk>/", employer.employer_role, name="employer_role"),
    path("employer/roles/<int:pk>/edit/", employer.role_edit, name="role_edit"),
    # Pipeline board of a role: columns by stage, moves, bulk reject, CSV export.
    path("employer/roles/<int:pk>/board/", board.role_board, name="role_board"),
    path(
        "employer/roles/<int:pk>/board/move/",
        board.role_board_move,
        name="role_board_move",
    ),
    path(
        "employer/roles/<int:pk>/board/reject/",
        board.role_board_reject,
        name="role_board_reject",
    ),
    path(
        "employer/roles/<int:pk>/applicants.csv",
        board.role_applicants_csv,
        name="role_applicants_csv",
    ),
    path(
        "employer/roles/<int:pk>/submit/",
        employer.role_submit,
        name="role_submit",
    ),
    path("employer/roles/<int:pk>/close/", employer.role_close, name="role_close"),
    path(
        "employer/applications/<int:pk>/",
        employer.application_detail,
        name="application_detail",
    ),
    path(
        "employer/applications/<int:pk>/cv/",
        employer.application_cv,
        name="application_cv",
    ),
    # Staff
    path("moderation/", staff.moderation, name="moderation"),
    path(
        "moderation/roles/<int:pk>/<str:decision>/",
        staff.role_moderate,
        name="role_moderate",
    ),
    path(
        "moderation/companies/<int:pk>/<str:decision>/",
        staff.company_moderate,
        name="company_moderate",
    ),
    # Matching: a role's best candidates, a candidate seen by an employer, invitations.
    path(
        "employer/roles/<int:pk>/matches/",
        matching.role_matches_view,
        name="role_matches",
    ),
    path(
        "employer/candidates/<int:profile_id>/",
        matching.candidate_detail,
        name="candidate_detail",
    ),
    path(
        "employer/candidates/<int:profile_id>/cv/",
        matching.candidate_cv,
        name="candidate_cv",
    ),
    path(
        "employer/candidates/<int:profile_id>/invite/",
        matching.invite_candidate,
        name="invite_candidate",
    ),
    path("roles-for-you/", matching.roles_for_you, name="roles_for_you"),
    # Messages (issue 16): the seeker's application page, threads, the inbox.
    path(
        "my-applications/<int:pk>/",
        messages.my_application_detail,
        name="my_application_detail",
    ),
    path("messages/", messages.message_inbox, name="message_inbox"),
    path(
        "messages/<int:pk>/", messages.conversation_detail, name="conversation_detail"
    ),
    path(
        "messages/invitations/<int:pk>/",
        messages.invitation_thread,
        name="invitation_thread",
    ),
    path(
        "conversations/<int:pk>/messages/",
        messages.message_post,
        name="message_post",
    ),
    path(
        "conversations/<int:pk>/messages.json",
        messages.message_poll,
        name="message_poll",
    ),
]

# The public "Do I qualify?" check, and reading a CV into the profile.
urlpatterns += [
    path("check/", check.visa_check, name="visa_check"),
    path("check/save/", check.visa_check_save, name="visa_check_save"),
    path("cv-import/", cv_import.cv_import, name="cv_import"),
]

# Company API keys on the team page (owners create and revoke them).
urlpatterns += [
    path("employer/team/api-keys/", api_keys.api_key_create, name="api_key_create"),
    path(
        "employer/team/api-keys/<int:pk>/revoke/",
        api_keys.api_key_revoke,
        name="api_key_revoke",
    ),
]

# Company webhooks (issue 18): endpoints, their delivery logs, redelivery.
urlpatterns += [
    path("employer/webhooks/", webhooks.webhook_list, name="webhook_list"),
    path("employer/webhooks/new/", webhooks.webhook_create, name="webhook_create"),
    path("employer/webhooks/<int:pk>/", webhooks.webhook_edit, name="webhook_edit"),
    path(
        "employer/webhooks/<int:pk>/delete/",
        webhooks.webhook_delete,
        name="webhook_delete",
    ),
    path(
        "employer/webhooks/<int:pk>/enable/",
        webhooks.webhook_enable,
        name="webhook_enable",
    ),
    path(
        "employer/webhooks/<int:pk>/deliveries/",
        webhooks.webhook_deliveries,
        name="webhook_deliveries",
    ),
    path(
        "employer/webhooks/deliveries/<int:pk>/redeliver/",
        webhooks.webhook_redeliver,
        name="webhook_redeliver",
    ),
]
