"""Buyer account pages: sign-up, log-in, log-out, profile, addresses and the real-name identity."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xborder.accounts import ratelimit, selectors, services
from xborder.accounts.forms import AddressForm, IdentityForm, SignUpForm
from xborder.accounts.models import Address
from xborder.core.errors import DomainError


def _apply_error(form, error: DomainError) -> None:
    for field, _code in error.fields.items():
        form.add_error(field if field in form.fields else None, error.message)
    if not error.fields:
        form.add_error(None, error.message)


def too_many_attempts(request) -> HttpResponse:
    return render(request, "accounts/rate_limited.html", status=429)


def signup(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "signup"):
            return too_many_attempts(request)
        if form.is_valid():
            try:
                user = services.sign_up(**form.cleaned_data)
            except DomainError as error:
                _apply_error(form, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome to xborder."))
                return redirect("accounts:identity")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not ratelimit.hit(request, "login"):
            return too_many_attempts(request)
        return super().post(request, *args, **kwargs)


@login_required
def profile(request):
    context = {
        "identity": selectors.identity_of(request.user),
        "addresses": selectors.addresses_of(request.user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def address_edit(request, address_id: int | None = None):
    address = get_object_or_404(Address, pk=address_id, user=request.user) if address_id else None
    initial = None
    if address:
        initial = {f: getattr(address, f) for f in AddressForm.base_fields if hasattr(address, f)}
    form = AddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        make_default = data.pop("is_default")
        try:
            services.save_address(user=request.user, data=data, address=address, make_default=make_default)
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Address saved."))
            return redirect("accounts:profile")
    status = 400 if form.errors else 200
    return render(request, "accounts/address_form.html", {"form": form, "address": address}, status=status)


@login_required
@require_POST
def address_delete(request, address_id: int):
    try:
        services.delete_address(user=request.user, address_id=address_id)
    except DomainError as error:
        return render(request, "accounts/error.html", {"error": error}, status=error.status)
    messages.success(request, _("Address deleted."))
    return redirect("accounts:profile")


@login_required
def identity(request):
    form = IdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_identity(user=request.user, **form.cleaned_data)
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Your real-name identity is verified."))
            return redirect("accounts:profile")
    context = {"form": form, "identity": selectors.identity_of(request.user)}
    return render(request, "accounts/identity.html", context, status=400 if form.errors else 200)
