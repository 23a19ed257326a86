"""Operator pages of inbound (staff only): purchase orders, their shipments, and receiving with counts."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xborder.catalog.models import Variant
from xborder.core.errors import DomainError
from xborder.inventory import inbound, selectors
from xborder.inventory.forms import PurchaseOrderForm
from xborder.inventory.models import InboundShipment, PurchaseOrder, PurchaseOrderStatus


def _staff_only(request) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


@login_required
def purchase_orders(request):
    """The list, and the form that places a purchase order."""
    _staff_only(request)
    form = PurchaseOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = _place(form, request.user)
        except forms.ValidationError as error:
            form.add_error("lines", error)
        except DomainError as error:
            form.add_error(None, f"{error.message} ({error.code})")
        else:
            messages.success(request, _("Purchase order %(number)s placed.") % {"number": order.number})
            return redirect("inventory:purchase_order", number=order.number)
    status = request.GET.get("status") or None
    if status not in {None, *PurchaseOrderStatus.values}:
        status = None
    rows = selectors.purchase_orders(status=status)[:200]
    context = {"orders": rows, "status": status, "statuses": PurchaseOrderStatus.choices, "form": form}
    return render(request, "inventory/purchase_orders.html", context, status=400 if form.errors else 200)


def _place(form: PurchaseOrderForm, actor):
    rows = form.parsed_lines()
    variant_ids = dict(Variant.objects.filter(sku__in=[row[0] for row in rows]).values_list("sku", "pk"))
    lines = [(variant_ids.get(sku, -1), _whole_number(quantity), cost) for sku, quantity, cost in rows]
    data = form.cleaned_data
    return inbound.place_purchase_order(
        supplier=data["supplier"], store=data["store"], warehouse=data["warehouse"], lines=lines,
        expected_on=data["expected_on"], actor=actor,
    )  # fmt: skip


@login_required
def purchase_order(request, number: str):
    _staff_only(request)
    order = selectors.purchase_order(number)
    if order is None:
        raise Http404("No such purchase order.")
    return render(request, "inventory/purchase_order.html", {"order": order})


def _whole_number(value: str | None):
    """A form field as an int, or the raw text so that the service refuses it with its code."""
    text = (value or "").strip()
    return int(text) if text.isdigit() else text


@login_required
@require_POST
def announce(request, number: str):
    """Announce an inbound shipment: units per purchase-order line (``units-<line id>``; blank or 0 left out)."""
    _staff_only(request)
    order = get_object_or_404(PurchaseOrder, number=number)
    lines = {}
    for line_id in order.lines.values_list("pk", flat=True):
        units = _whole_number(request.POST.get(f"units-{line_id}"))
        if units not in ("", 0):
            lines[line_id] = units
    try:
        shipment = inbound.expect_inbound_shipment(
            purchase_order=order, lines=lines, carrier_reference=request.POST.get("carrier_reference", "")
        )
    except DomainError as error:
        messages.error(request, f"{error.message} ({error.code})")
    else:
        messages.success(request, _("Shipment %(number)s announced.") % {"number": shipment.number})
    return redirect("inventory:purchase_order", number=number)


@login_required
@require_POST
def receive(request, number: str):
    """Counted and damaged units per line (``counted-<line id>``, ``damaged-<line id>``)."""
    _staff_only(request)
    shipment = get_object_or_404(InboundShipment.objects.select_related("purchase_order"), number=number)
    line_ids = list(shipment.lines.values_list("pk", flat=True))
    counts = {pk: _whole_number(request.POST.get(f"counted-{pk}")) for pk in line_ids}
    damaged = {pk: _whole_number(request.POST.get(f"damaged-{pk}") or "0") for pk in line_ids}
    try:
        inbound.receive_inbound_shipment(shipment=shipment, counts=counts, damaged=damaged, actor=request.user)
    except DomainError as error:
        messages.error(request, f"{error.message} ({error.code})")
        return redirect("inventory:purchase_order", number=shipment.purchase_order.number)
    messages.success(request, _("Shipment %(number)s received.") % {"number": shipment.number})
    return redirect("inventory:purchase_order", number=shipment.purchase_order.number)
