from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.landing, name="landing"),
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/edit/<slug:section>/", views.profile_section, name="profile_section"),
    path("profile/education/add/", views.education_edit, name="education_add"),
    path("profile/education/<int:pk>/", views.education_edit, name="education_edit"),
    path("profile/position/add/", views.position_edit, name="position_add"),
    path("profile/position/<int:pk>/", views.position_edit, name="position_edit"),
    path(
        "profile/<slug:kind>/<int:pk>/delete/", views.entry_delete, name="entry_delete"
    ),
    path("profile/cv/", views.cv_download, name="cv_download"),
    path("profile/cv/remove/", views.cv_remove, name="cv_remove"),
    path("skills/suggest/", views.skill_suggest, name="skill_suggest"),
    path("preferences/", views.preferences, name="preferences"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export/", views.my_data_export, name="my_data_export"),
    path("my-data/delete/", views.account_delete, name="account_delete"),
]
