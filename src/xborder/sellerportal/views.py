"""Store pages of the seller portal. Every view asks ``access.require`` first and writes through
``access.perform``, so the permission rule and the agency audit live in one place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xborder.catalog import offer_services
from xborder.catalog.models import Offer
from xborder.core.errors import DomainError

# The storefront's one-item tax estimate, so sellers see the figure buyers see.
from xborder.duties.estimates import estimate_offer_taxes
from xborder.orders.states import Status as OrderStatus
from xborder.sellerportal import catalog_import, selectors
from xborder.sellerportal.forms import ImportForm, ListingForm, MandateForm, MemberForm, OfferForm, SettingsForm
from xborder.sellerportal.models import ImportJob
from xborder.sellerportal.onboarding_views import apply_error
from xborder.sellers import access as store_access
from xborder.sellers import agency_selectors, onboarding_selectors, services
from xborder.sellers.access import Access, perform, require
from xborder.sellers.models import Agency

PAGE_SIZE = 50
REPORT_ROWS_SHOWN = 500  # the full report is the CSV download


def _render(request, template: str, access: Access, context: dict, status: int = 200):
    allowed = {action.replace(".", "_"): access.allows(action) for action in store_access.RULES}
    base = {"store": access.store, "access": access, "allowed": allowed}
    return render(request, template, {**base, **context}, status=status)


def _positive_lines_for(hs_code: str):
    return catalog_import.positive_lines_in_force([{"hs_code": hs_code}])


@login_required
def home(request):
    """The store switcher: stores by membership and by live agency mandate, and the user's agencies. One store and
    no agency goes straight to that store."""
    entries = store_access.stores_of(request.user)
    agencies = list(agency_selectors.agency_memberships_of(request.user))
    if len(entries) == 1 and not agencies:
        return redirect("sellerportal:dashboard", slug=entries[0]["store"].slug)
    return render(request, "sellerportal/home.html", {"entries": entries, "agencies": agencies})


@login_required
def dashboard(request, slug: str):
    access = require(request, slug, "dashboard.view")
    return _render(request, "sellerportal/dashboard.html", access, {"figures": selectors.dashboard(access.store)})


@login_required
def products(request, slug: str):
    access = require(request, slug, "catalog.view")
    page = Paginator(selectors.store_offers(access.store), PAGE_SIZE).get_page(request.GET.get("page"))
    rate = offer_services.cny_rate(access.store.currency_id)
    taxes = estimate_offer_taxes(list(page))
    rows = [(offer, offer_services.price_in_cny(offer.price, rate), taxes.get(offer.pk)) for offer in page]
    return _render(request, "sellerportal/products.html", access, {"page": page, "rows": rows, "rate": rate})


@login_required
def product_new(request, slug: str):
    access = require(request, slug, "catalog.edit")
    form = ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "currency": access.store.currency_id}
        data["is_active"] = "1" if data["is_active"] else "0"
        try:
            offer = perform(
                access,
                "catalog.edit",
                lambda: offer_services.create_listing(
                    store=access.store, data=data, positive_lines=_positive_lines_for(data["hs_code"])
                ),
                details={"sku": data["sku"], "price": data["price"]},
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Product created."))
            return redirect("sellerportal:offer_edit", slug=slug, offer_id=offer.pk)
    return _render(request, "sellerportal/product_form.html", access, {"form": form}, 400 if form.errors else 200)


def _store_offer(access: Access, offer_id: int) -> Offer:
    return get_object_or_404(
        Offer.objects.select_related("variant__product", "warehouse"), store=access.store, pk=offer_id
    )


@login_required
def offer_edit(request, slug: str, offer_id: int):
    access = require(request, slug, "catalog.edit" if request.method == "POST" else "catalog.view")
    offer = _store_offer(access, offer_id)
    initial = {"price": offer.price, "fulfilment_mode": offer.fulfilment_mode, "warehouse": offer.warehouse.code}
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            perform(
                access,
                "catalog.edit",
                lambda: offer_services.edit_offer(
                    store=access.store,
                    offer_id=offer.pk,
                    price=data["price"],
                    fulfilment_mode=data["fulfilment_mode"],
                    warehouse_code=data["warehouse"],
                ),
                details={"price": data["price"], "fulfilment_mode": data["fulfilment_mode"]},
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Offer saved."))
            return redirect("sellerportal:offer_edit", slug=slug, offer_id=offer.pk)
    price_cny = offer_services.price_in_cny(offer.price, offer_services.cny_rate(offer.currency_id))
    context = {"offer": offer, "form": form, "price_cny": price_cny, "tax": estimate_offer_taxes([offer]).get(offer.pk)}
    return _render(request, "sellerportal/offer_form.html", access, context, 400 if form.errors else 200)


@login_required
@require_POST
def offer_publish(request, slug: str, offer_id: int, publish: bool):
    access = require(request, slug, "catalog.edit")
    service = offer_services.publish_offer if publish else offer_services.unpublish_offer
    try:
        perform(
            access,
            "catalog.edit",
            lambda: service(store=access.store, offer_id=offer_id),
            details={"is_active": publish},
        )
    except DomainError as error:
        if error.status == 404:
            raise Http404(error.message) from None
        messages.error(request, error.message)
        return redirect("sellerportal:products", slug=slug)
    messages.success(request, _("Offer published.") if publish else _("Offer unpublished."))
    return redirect("sellerportal:products", slug=slug)


@login_required
def orders(request, slug: str):
    """Read-only list of the store's orders."""
    access = require(request, slug, "orders.view")
    status = request.GET.get("status") or None
    if status not in {None, *OrderStatus.values}:
        status = None
    page = Paginator(selectors.store_orders(access.store, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": OrderStatus.choices}
    return _render(request, "sellerportal/orders.html", access, context)


@login_required
def order_detail(request, slug: str, number: str):
    access = require(request, slug, "orders.view")
    order = selectors.store_order(access.store, number)
    if order is None:
        raise Http404("No such order.")
    return _render(request, "sellerportal/order_detail.html", access, {"order": order})


@login_required
def stock(request, slug: str):
    access = require(request, slug, "stock.view")
    return _render(request, "sellerportal/stock.html", access, {"groups": selectors.stock_by_warehouse(access.store)})


@login_required
def store_settings(request, slug: str):
    access = require(request, slug, "settings.edit" if request.method == "POST" else "settings.view")
    store = access.store
    initial = {"description": store.description, "return_window_days": store.return_window_days}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            perform(
                access,
                "settings.edit",
                lambda: services.update_store_settings(store=store, **data),
                details={"return_window_days": data["return_window_days"]},
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("sellerportal:settings", slug=slug)
    return _render(request, "sellerportal/settings.html", access, {"form": form}, 400 if form.errors else 200)


@login_required
def members(request, slug: str):
    access = require(request, slug, "members.manage" if request.method == "POST" else "members.view")
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            perform(
                access, "members.manage", lambda: services.add_store_member(store=access.store, **form.cleaned_data)
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect("sellerportal:members", slug=slug)
    rows = access.store.members.select_related("user").order_by("role", "user__email")
    return _render(
        request, "sellerportal/members.html", access, {"form": form, "members": rows}, 400 if form.errors else 200
    )


@login_required
@require_POST
def member_remove(request, slug: str, member_id: int):
    access = require(request, slug, "members.manage")
    try:
        perform(access, "members.manage", lambda: services.remove_store_member(store=access.store, member_id=member_id))
    except DomainError as error:
        if error.status == 404:
            raise Http404(error.message) from None
        messages.error(request, error.message)
    return redirect("sellerportal:members", slug=slug)


@login_required
def mandates(request, slug: str):
    access = require(request, slug, "mandates.manage" if request.method == "POST" else "mandates.view")
    form = MandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency = Agency.objects.filter(slug=data.pop("agency")).first()
        if agency is None:
            form.add_error("agency", _("No agency with this slug."))
        else:
            try:
                perform(
                    access,
                    "mandates.manage",
                    lambda: services.grant_mandate(store=access.store, agency=agency, granted_by=request.user, **data),
                )
            except DomainError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("Mandate granted."))
                return redirect("sellerportal:mandates", slug=slug)
    context = {"form": form, "mandates": onboarding_selectors.mandates_of_store(access.store)}
    return _render(request, "sellerportal/mandates.html", access, context, 400 if form.errors else 200)


@login_required
@require_POST
def mandate_revoke(request, slug: str, mandate_id: int):
    access = require(request, slug, "mandates.manage")
    try:
        perform(
            access,
            "mandates.manage",
            lambda: services.revoke_mandate(store=access.store, mandate_id=mandate_id, actor=request.user),
        )
    except DomainError as error:
        if error.status == 404:
            raise Http404(error.message) from None
        messages.error(request, error.message)
    else:
        messages.success(request, _("Mandate revoked."))
    return redirect("sellerportal:mandates", slug=slug)


@login_required
def audit(request, slug: str):
    access = require(request, slug, "audit.view")
    entries = onboarding_selectors.audit_entries_of_store(access.store)
    return _render(request, "sellerportal/audit.html", access, {"entries": entries})


@login_required
def catalog_upload(request, slug: str):
    access = require(request, slug, "import.run")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = perform(
                access,
                "import.run",
                lambda: catalog_import.start_import(
                    store=access.store,
                    user=request.user,
                    upload=form.cleaned_data["file"],
                    mode=form.cleaned_data["mode"],
                ),
                details={"mode": form.cleaned_data["mode"], "file": form.cleaned_data["file"].name},
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            return redirect("sellerportal:import_job", slug=slug, job_id=job.pk)
    context = {"form": form, "jobs": selectors.import_jobs(access.store)}
    return _render(request, "sellerportal/import.html", access, context, 400 if form.errors else 200)


def _job(access: Access, job_id: int) -> ImportJob:
    return get_object_or_404(ImportJob, store=access.store, pk=job_id)


@login_required
def import_job(request, slug: str, job_id: int):
    access = require(request, slug, "import.run")
    job = _job(access, job_id)
    context = {
        "job": job,
        "shown_errors": job.errors[:REPORT_ROWS_SHOWN],
        "more_errors": len(job.errors) > REPORT_ROWS_SHOWN,
    }
    return _render(request, "sellerportal/import_job.html", access, context)


@login_required
@require_GET
def import_report(request, slug: str, job_id: int):
    """Every rejected row of a job as CSV (row, column, code, message)."""
    access = require(request, slug, "import.run")
    job = _job(access, job_id)
    response = HttpResponse(catalog_import.report_csv(job.errors), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-rejected-rows.csv"'
    return response


@login_required
@require_GET
def import_status(request, slug: str, job_id: int):
    """Polled by the progress bar."""
    access = require(request, slug, "import.run")
    job = _job(access, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "percent": job.percent,
            "processed": job.processed_rows,
            "total": job.total_rows,
            "finished": job.is_finished,
            "rejected": job.rejected_count,
        }
    )


@login_required
@require_GET
def catalog_export(request, slug: str):
    access = require(request, slug, "catalog.view")
    file_format = request.GET.get("format", "csv")
    if file_format not in {"csv", "xlsx"}:
        return HttpResponse("format must be csv or xlsx", status=400, content_type="text/plain")
    rows = catalog_import.export_rows(access.store)
    if file_format == "xlsx":
        body = catalog_import.write_xlsx(rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = catalog_import.write_csv(rows), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{access.store.slug}-catalog.{file_format}"'
    return response
