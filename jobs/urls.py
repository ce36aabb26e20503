from django.urls import path

from jobs import views, views_seeker

app_name = "jobs"
urlpatterns = [
    path("employer/", views.employer_dashboard, name="employer_dashboard"),
    path("visa-outlook/", views_seeker.visa_outlook, name="visa_outlook"),
    path(
        "lookups/institutions/", views.institution_suggest, name="institution_suggest"
    ),
    path("lookups/fields/", views.field_suggest, name="field_suggest"),
]
