from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.landing, name="landing"),
    path("profile/", views.profile, name="profile"),
]
