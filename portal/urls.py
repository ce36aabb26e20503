"""URL configuration."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views

# Staff sign in through allauth, so admin logins get email verification, rate
# limits and MFA like every other login.
# (Replacing the bound method is allauth's documented way; mypy flags any.)
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "K-Talent Portal"
admin.site.site_title = _("K-Talent Portal admin")

handler400 = "portal.views.bad_request"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("jobs.urls")),
    path("", include("jobs.views.api")),
    path("admin/", admin.site.urls),
    path("language/", views.switch_language, name="switch_language"),
]
