from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("employer/", views.employer_dashboard, name="employer_dashboard"),
    path(
        "lookups/institutions/", views.institution_suggest, name="institution_suggest"
    ),
    path("lookups/fields/", views.field_suggest, name="field_suggest"),
]
