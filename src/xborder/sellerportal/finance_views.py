"""The seller statement (HTML and CSV), the only one: store finance roles, agencies holding a live mandate with
the ``finance_read`` scope, and operators, all through ``access.require``. The settlement app's old address
(``settlement:statement``) redirects here."""

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xborder.sellerportal.views import _render
from xborder.sellers.access import require
from xborder.settlement import selectors
from xborder.settlement.errors import SettlementError

# The settlement app's period parsing, so the statement reads its period as the operator reports do.
from xborder.settlement.views import _period


@login_required
@require_GET
def statement(request, slug: str):
    access = require(request, slug, "finance.view")
    try:
        start, end = _period(request)
        data = selectors.seller_statement(store=access.store, start=start, end=end)
    except SettlementError as error:
        return render(request, "settlement/error.html", {"error": error}, status=error.status)
    if request.GET.get("format") == "csv":
        return _statement_csv(data)
    last_day = (end - dt.timedelta(days=1)).date()
    return _render(request, "sellerportal/statement.html", access, {"statement": data, "last_day": last_day})


def _statement_csv(data) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"statement-{data.store.slug}-{data.start:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["occurred_at", "kind", "reference", "order_reference", "pending_change", "available_change",
                     "pending", "available", "currency", "memo"])  # fmt: skip
    writer.writerow(["", "opening", "", "", "", "", data.opening_pending, data.opening_available, data.currency, ""])
    for row in data.rows:
        writer.writerow([
            row.occurred_at.isoformat(), row.kind, row.reference, row.order_reference, row.pending_change,
            row.available_change, row.pending, row.available, data.currency, row.memo,
        ])  # fmt: skip
    return response
