"""Sign in and out (Django sessions), and the landing page that picks the member's tenant."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters

from controlplane.console import selectors
from controlplane.console.forms import OwnPasswordForm
from controlplane.console.throttle import SignInAttempt
from controlplane.tenants import services as tenant_services


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "console/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.attempt = SignInAttempt.of(request, request.POST.get("username", ""))
        if not self.attempt.start():
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, "Too many failed sign-ins. Wait a few minutes and try again.")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        self.attempt.succeeded()
        return super().form_valid(form)


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin site's sign-in, replaced: its own form counted no failed attempt, so a staff password
    could be guessed there without limit. Everyone signs in through the console's form (throttled);
    then staff go on to the admin site, and a signed-in member who is not staff is refused."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("admin:index")
    if admin.site.has_permission(request):
        return redirect(next_url)
    if request.user.is_authenticated:
        raise PermissionDenied("This account may not open the admin site.")
    return redirect_to_login(next_url)


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One tenant: straight to its overview; several: the member picks one; none: says so."""
    memberships = selectors.memberships_of_user(request.user)
    if len(memberships) == 1:
        return redirect("console:overview", tenant=memberships[0].tenant.slug)
    return render(request, "console/home.html", {"memberships": memberships})


@sensitive_post_parameters("old_password", "new_password", "new_password_again")
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """The signed-in member replaces their password (the first one came from an admin, who knows it).
    Guesses of the current password count against the account like failed sign-ins; other sessions
    of the account end (Django's session hash), this one stays signed in."""
    form = OwnPasswordForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        attempt = SignInAttempt.of(request, request.user.get_username())
        if not attempt.start():
            form.add_error(None, "Too many wrong passwords. Wait a few minutes and try again.")
            return render(request, "console/password.html", {"form": form}, status=429)
        if request.user.check_password(form.cleaned_data["old_password"]):
            attempt.succeeded()  # only wrong guesses count: a too-weak new password is not one
        try:
            tenant_services.user_change_own_password(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except tenant_services.TenantRuleError as error:
            form.add_error(error.param, str(error))
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "Password changed; your other sessions are signed out.")
            return redirect("console:home")
    if form.errors:
        status = 400
    return render(request, "console/password.html", {"form": form}, status=status)
