from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from beneficiaries.views import pages

from .login import AdminLoginForm, LoginForm

# The admin's login form too (dinsos/login.py: the failed-login message).
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("beneficiaries.urls")),
    path("", include("programs.urls")),
    path("", include("core.jobs.urls")),
]
