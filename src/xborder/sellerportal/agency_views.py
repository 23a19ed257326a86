"""The agency's own page in the seller portal: its people, its staff log and the stores it may operate today.

Every member of the agency reads it; only its admins change the staff (``access.require_agency``). The services
speak English; the page shows its own words for their codes and keeps the code on the form error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xborder.core.errors import DomainError
from xborder.sellerportal.forms import AgencyMemberForm, AgencyRoleForm
from xborder.sellers import agency_selectors, agency_services
from xborder.sellers.access import require_agency
from xborder.sellers.models import AgencyRole, MandateScope

ERROR_WORDS = {
    "user_not_found": gettext_lazy("No account with this e-mail."),
    "user_inactive": gettext_lazy("This account is deactivated."),
    "already_member": gettext_lazy("This person is already a member of the agency."),
    "role_invalid": gettext_lazy("Choose a role."),
    "last_admin": gettext_lazy("An agency keeps at least one admin."),
    "agency_admin_required": gettext_lazy("Only the agency's admins manage its staff."),
}


def _words(error: DomainError) -> str:
    return str(ERROR_WORDS.get(error.code, error.message))


def _form_error(form, error: DomainError) -> None:
    """Put the error on its field (or on the form) with the service's code, so clients can tell errors apart."""
    field = next((name for name in error.fields if name in form.fields), None)
    form.add_error(field, ValidationError(_words(error), code=error.code))


def _refused(request, error: DomainError) -> None:
    if error.status == 404:
        raise Http404(error.message)
    messages.error(request, f"{_words(error)} ({error.code})")


def _scope_labels(scopes) -> list[str]:
    return [str(MandateScope(scope).label) if scope in MandateScope.values else scope for scope in scopes]


@login_required
def agency(request, agency_slug: str):
    """Members (admins add, change and remove them), the staff log for admins, and the agency's live mandates."""
    membership = require_agency(request, agency_slug, manage=request.method == "POST")
    agency = membership.agency
    form = AgencyMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency_services.add_agency_member(agency=agency, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect("sellerportal:agency", agency_slug=agency.slug)
    mandates = [
        {"mandate": mandate, "scopes": _scope_labels(mandate.scopes)}
        for mandate in agency_selectors.live_mandates_of_agency(agency)
    ]
    context = {
        "agency": agency,
        "membership": membership,
        "members": agency_selectors.agency_members(agency),
        "form": form,
        "roles": AgencyRole.choices,
        "mandates": mandates,
        "log": agency_selectors.agency_log(agency) if membership.is_admin else [],
    }
    return render(request, "sellerportal/agency.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def agency_member_role(request, agency_slug: str, member_id: int):
    membership = require_agency(request, agency_slug, manage=True)
    form = AgencyRoleForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else ""
    try:
        agency_services.change_agency_member_role(
            agency=membership.agency, member_id=member_id, role=role, actor=request.user
        )
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Role changed."))
    return redirect("sellerportal:agency", agency_slug=agency_slug)


@login_required
@require_POST
def agency_member_remove(request, agency_slug: str, member_id: int):
    membership = require_agency(request, agency_slug, manage=True)
    try:
        agency_services.remove_agency_member(agency=membership.agency, member_id=member_id, actor=request.user)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Member removed."))
        if membership.pk == member_id:  # an admin who left the agency has no agency page any more
            return redirect("sellerportal:home")
    return redirect("sellerportal:agency", agency_slug=agency_slug)
