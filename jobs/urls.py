from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("employer/", views.employer_dashboard, name="employer_dashboard"),
]
