"""The signed carrier webhook, pick/pack/ship screens for warehouse staff, the operators' late-shipment list and
the buyer's tracking page of an order."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from xborder.core.errors import DomainError
from xborder.inventory.models import Warehouse
from xborder.logistics import selectors, services
from xborder.logistics.errors import LogisticsError
from xborder.logistics.models import Carrier, Shipment
from xborder.logistics.webhooks import receive_tracking_webhook
from xborder.orders.models import Order, Package


@csrf_exempt  # no cookie session here: every request is authenticated by its HMAC signature instead
@require_POST
def tracking_webhook(request, carrier: str):
    try:
        result = receive_tracking_webhook(
            carrier_code=carrier,
            timestamp=request.headers.get("X-Xborder-Timestamp"),
            signature=request.headers.get("X-Xborder-Signature"),
            body=request.body,
        )
    except LogisticsError as error:
        return JsonResponse(error.as_dict(), status=error.status)
    if result.replay:
        return JsonResponse({"status": "replay", "created": 0, "duplicates": 0, "unknown": []})
    body = {"status": "ok", "created": result.created, "duplicates": result.duplicates, "unknown": list(result.unknown)}
    return JsonResponse(body)


def _warehouse_for(request, code: str) -> Warehouse:
    """Operators, and members of the store that runs the warehouse, work its queue."""
    warehouse = get_object_or_404(Warehouse, code=code)
    if request.user.is_staff:
        return warehouse
    if warehouse.operator_id and warehouse.operator.members.filter(user=request.user).exists():
        return warehouse
    raise PermissionDenied


@login_required
def warehouse_queue(request, code: str):
    warehouse = _warehouse_for(request, code)
    context = {
        "warehouse": warehouse,
        "packages": selectors.warehouse_queue(warehouse=warehouse),
        "carriers": Carrier.objects.filter(is_active=True),
        "shipments": selectors.recent_shipments(warehouse=warehouse),
    }
    return render(request, "logistics/warehouse.html", context)


@login_required
@require_POST
def pick(request, code: str, package_number: str):
    warehouse = _warehouse_for(request, code)
    package = get_object_or_404(Package.objects.select_related("order"), number=package_number, warehouse=warehouse)
    try:
        services.start_picking(package=package, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Picking %(package)s.") % {"package": package.number})
    return redirect("logistics:warehouse", code=warehouse.code)


@login_required
@require_POST
def ship(request, code: str):
    warehouse = _warehouse_for(request, code)
    numbers = request.POST.getlist("packages")
    packages = list(
        Package.objects.filter(warehouse=warehouse, number__in=numbers).select_related("order", "warehouse")
    )
    carrier = Carrier.objects.filter(pk=request.POST.get("carrier") or None).first()
    domestic = Carrier.objects.filter(pk=request.POST.get("domestic_carrier") or None).first()
    try:
        if carrier is None:
            raise LogisticsError("carrier_unavailable", _("Choose a carrier."), fields={"carrier": "required"})
        if len(packages) != len(set(numbers)):
            raise LogisticsError("no_packages", _("Choose packages of this warehouse."), fields={"packages": "invalid"})
        shipment = services.ship_packages(
            packages=packages,
            carrier=carrier,
            tracking_number=request.POST.get("tracking_number", "").strip(),
            domestic_carrier=domestic,
            domestic_tracking_number=request.POST.get("domestic_tracking_number", "").strip(),
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, f"{error.message} ({error.code})")
        return redirect("logistics:warehouse", code=warehouse.code)
    messages.success(request, _("Shipped as %(number)s.") % {"number": shipment.number})
    return redirect("logistics:warehouse", code=warehouse.code)


@login_required
@require_POST
def last_mile(request, code: str, number: str):
    """Name the domestic carrier and tracking number of a direct-mail shipment once known at the port."""
    warehouse = _warehouse_for(request, code)
    shipment = get_object_or_404(Shipment, number=number, warehouse=warehouse)
    carrier = Carrier.objects.filter(pk=request.POST.get("carrier") or None).first()
    try:
        if carrier is None:
            raise LogisticsError("carrier_unavailable", _("Choose a carrier."), fields={"carrier": "required"})
        services.assign_last_mile(
            shipment=shipment, carrier=carrier, tracking_number=request.POST.get("tracking_number", "").strip()
        )
    except DomainError as error:
        messages.error(request, f"{error.message} ({error.code})")
    else:
        messages.success(request, _("Last mile of %(number)s set.") % {"number": shipment.number})
    return redirect("logistics:warehouse", code=warehouse.code)


@login_required
def late(request):
    if not request.user.is_staff:
        raise PermissionDenied
    now = timezone.now()
    return render(request, "logistics/late.html", {"shipments": selectors.late_shipments(now=now), "now": now})


@login_required
def order_tracking(request, number: str):
    """The buyer's merged timeline of one of their orders (operators may look too)."""
    order = get_object_or_404(Order, number=number)
    if order.buyer_id != request.user.pk and not request.user.is_staff:
        raise PermissionDenied
    context = {
        "order": order,
        "timeline": selectors.order_tracking(order),
        "shipments": selectors.shipments_of_order(order),
    }
    return render(request, "logistics/order_tracking.html", context)
