"""Onboarding pages: a merchant's application and documents; the operators' review queue and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xborder.core.errors import DomainError
from xborder.sellerportal.forms import ApplicationForm, DecisionForm, DocumentForm
from xborder.sellers import onboarding_selectors, services
from xborder.sellers.models import ApplicationStatus
from xborder.settlement import fees


def apply_error(form, error: DomainError) -> None:
    """Show a domain error on its fields (or on the form)."""
    placed = False
    for field in error.fields:
        if field in form.fields:
            form.add_error(field, error.message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


def _own_application(request, application_id: int):
    application = onboarding_selectors.application_detail(application_id)
    if application is None or application.applicant_id != request.user.pk:
        raise Http404("No such application.")
    return application


def _initial(application) -> dict:
    names = list(ApplicationForm.base_fields)
    initial = {name: getattr(application, name, "") for name in names if hasattr(application, name)}
    initial.update(country=str(application.country), currency=application.currency_id)
    return initial


@login_required
def apply(request):
    """The applicant's applications and the form for a new one."""
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.save_application(applicant=request.user, data=form.cleaned_data)
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Application saved. Add your documents, then submit it."))
            return redirect("sellerportal:application", application_id=application.pk)
    context = {"form": form, "applications": onboarding_selectors.applications_of(request.user)}
    return render(request, "sellerportal/apply.html", context, status=400 if form.errors else 200)


@login_required
def application(request, application_id: int):
    """One application: edit while it is a draft or sent back, add documents, read the timeline."""
    application = _own_application(request, application_id)
    form = ApplicationForm(request.POST or None, initial=_initial(application))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_application(applicant=request.user, data=form.cleaned_data, application=application)
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Application saved."))
            return redirect("sellerportal:application", application_id=application.pk)
    context = {"application": application, "form": form, "document_form": DocumentForm()}
    return render(request, "sellerportal/application.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def document_add(request, application_id: int):
    application = _own_application(request, application_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            data = form.cleaned_data
            services.add_document(
                application=application,
                actor=request.user,
                kind=data["kind"],
                upload=data["file"],
                expires_on=data["expires_on"],
                brand_name=data["brand_name"],
                grantor=data["grantor"],
            )
        except DomainError as error:
            apply_error(form, error)
    if form.errors:
        context = {"application": application, "form": ApplicationForm(initial=_initial(application)),
                   "document_form": form}  # fmt: skip
        return render(request, "sellerportal/application.html", context, status=400)
    messages.success(request, _("Document added."))
    return redirect("sellerportal:application", application_id=application.pk)


@login_required
@require_POST
def document_remove(request, application_id: int, document_id: int):
    application = _own_application(request, application_id)
    try:
        services.remove_document(application=application, actor=request.user, document_id=document_id)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("sellerportal:application", application_id=application.pk)


@login_required
@require_POST
def application_submit(request, application_id: int):
    application = _own_application(request, application_id)
    try:
        services.submit_application(application=application, actor=request.user)
    except DomainError as error:
        messages.error(request, f"{error.message} ({', '.join(error.fields)})" if error.fields else error.message)
    else:
        messages.success(request, _("Submitted. An operator will review your application."))
    return redirect("sellerportal:application", application_id=application.pk)


def _operator(request) -> None:
    if not request.user.is_authenticated:
        raise Http404("Not found.")
    if not request.user.is_staff:
        raise PermissionDenied("operator_required")


@login_required
def review_list(request):
    """The review queue with a badge for documents expiring within 30 days."""
    _operator(request)
    status = request.GET.get("status", ApplicationStatus.SUBMITTED)
    if status not in ApplicationStatus.values:
        status = ApplicationStatus.SUBMITTED
    context = {
        "applications": onboarding_selectors.applications_for_review(status=status)[:200],
        "status": status,
        "statuses": ApplicationStatus.choices,
        "expiring": onboarding_selectors.expiring_documents()[:100],
    }
    return render(request, "sellerportal/review_list.html", context)


@login_required
def review_detail(request, application_id: int):
    _operator(request)
    application = onboarding_selectors.application_detail(application_id)
    if application is None:
        raise Http404("No such application.")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        try:
            if decision == "approve":
                _approve(application, request.user, reason, form.cleaned_data["security_deposit"])
            elif decision == "reject":
                services.reject_application(application=application, operator=request.user, reason=reason)
            else:
                services.request_more_information(application=application, operator=request.user, reason=reason)
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("sellerportal:review_detail", application_id=application.pk)
    context = {"application": application, "form": form}
    return render(request, "sellerportal/review_detail.html", context, status=400 if form.errors else 200)


def _approve(application, operator, reason: str, deposit) -> None:
    """Approval and the deposit's ledger entry in one transaction: a deposit the ledger refuses approves nothing."""
    with transaction.atomic():
        approved = services.approve_application(
            application=application, operator=operator, reason=reason, security_deposit=deposit
        )
        reference = f"application-{approved.pk}"
        if approved.security_deposit and not fees.deposit_recorded(reference):
            fees.record_security_deposit(
                store=approved.store, amount=approved.security_deposit, currency=approved.currency_id,
                reference=reference, created_by=operator,
            )  # fmt: skip


@login_required
def document_file(request, application_id: int, document_id: int):
    """A qualification document, for its applicant and for operator staff only (never a public media URL)."""
    application = onboarding_selectors.application_detail(application_id)
    if application is None or not (request.user.is_staff or application.applicant_id == request.user.pk):
        raise Http404("No such document.")
    document = next((d for d in application.documents.all() if d.pk == document_id), None)
    if document is None:
        raise Http404("No such document.")
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="document-{document.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
