from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from committee import views as committee_views
from core import views as core_views

# Errors are the site's own pages (UI.md); a request past the size limit gets a 413 page in Chinese.
handler400 = "committee.views.bad_request"

urlpatterns = [
    path("", committee_views.home, name="home"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", committee_views.PasswordChange.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include("core.urls")),
    path("", include("committee.urls")),
    path("", include("members.urls")),
]
urlpatterns += [
    path("", include("duties.urls")),
    path("", include("meetings.urls")),
    path("", include("reports.urls")),
    path("", include("documents.urls")),
    path("", include("outreach.urls")),
]
