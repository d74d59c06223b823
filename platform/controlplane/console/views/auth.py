"""Sign in and out (Django sessions), and the landing page that picks the member's tenant."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
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
