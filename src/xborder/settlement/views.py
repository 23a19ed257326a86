"""Operator reports, payouts and the payout runs, for staff. A store's statement lives in the seller portal
(``sellerportal:statement``, by ``sellers.access``); the old address here redirects there (``urls.py``)."""

import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xborder.core.errors import DomainError
from xborder.settlement import selectors, services
from xborder.settlement.errors import SettlementError
from xborder.settlement.models import Payout, PayoutStatus


def _period(request) -> tuple[dt.datetime, dt.datetime]:
    """``?start=YYYY-MM-DD&end=YYYY-MM-DD`` (end inclusive) in local time; defaults to the current month."""
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start") or today.replace(day=1).isoformat())
        end = dt.date.fromisoformat(request.GET.get("end") or today.isoformat())
    except ValueError:
        raise SettlementError("period_invalid", "Dates are YYYY-MM-DD.") from None
    as_moment = lambda day: timezone.make_aware(dt.datetime.combine(day, dt.time.min))  # noqa: E731
    return as_moment(start), as_moment(end + dt.timedelta(days=1))


def _bad_period(request, error: SettlementError) -> HttpResponse:
    return render(request, "settlement/error.html", {"error": error}, status=error.status)


def _staff_only(request) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


@login_required
def tax_report(request):
    _staff_only(request)
    try:
        start, end = _period(request)
        rows = selectors.tax_withheld_report(start=start, end=end)
    except SettlementError as error:
        return _bad_period(request, error)
    if request.GET.get("format") == "csv":
        return _csv("tax-withheld", ["month", "withheld", "released", "remitted", "net"],
                    ([r.month.isoformat(), r.withheld, r.released, r.remitted, r.net] for r in rows))  # fmt: skip
    return render(request, "settlement/tax_report.html", {"rows": rows, "start": start, "end": end})


@login_required
def commission_report(request):
    _staff_only(request)
    try:
        start, end = _period(request)
        rows = selectors.commission_report(start=start, end=end)
    except SettlementError as error:
        return _bad_period(request, error)
    if request.GET.get("format") == "csv":
        return _csv("commission", ["store_kind", "store", "commission", "self_operated_sales"],
                    ([r.store_kind, r.store_name, r.commission, r.sales] for r in rows))  # fmt: skip
    return render(request, "settlement/commission_report.html", {"rows": rows, "start": start, "end": end})


def _csv(name: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@login_required
def payouts(request):
    """Operators: payouts in transit to settle, the latest settled ones, and buttons for the periodic runs."""
    _staff_only(request)
    context = {
        "in_transit": Payout.objects.filter(status=PayoutStatus.IN_TRANSIT).select_related("store"),
        "settled": Payout.objects.filter(status=PayoutStatus.SETTLED).select_related("store")[:50],
    }
    return render(request, "settlement/payouts.html", context)


@login_required
@require_POST
def run_now(request):
    _staff_only(request)
    released = services.release_due_payables()
    made = services.run_payouts(created_by=request.user)
    messages.success(request, _("%(released)d payables released, %(made)d payouts made.") % {
        "released": len(released), "made": len(made)})  # fmt: skip
    return redirect("settlement:payouts")


@login_required
@require_POST
def settle(request, reference: str):
    _staff_only(request)
    payout = get_object_or_404(Payout, reference=reference)
    try:
        services.settle_payout(
            payout=payout, settled_home_amount=request.POST.get("settled_home_amount", ""), created_by=request.user
        )
    except DomainError as error:
        messages.error(request, f"{error.message} ({error.code})")
    return redirect("settlement:payouts")
