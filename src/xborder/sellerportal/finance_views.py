"""The seller statement in the portal (HTML and CSV): store finance roles, agencies holding a live mandate with
the ``finance_read`` scope, and operators, all through ``access.require``."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xborder.sellerportal.views import _render
from xborder.sellers.access import require
from xborder.settlement import selectors
from xborder.settlement.errors import SettlementError

# The settlement app's period parsing and CSV layout, so both statement pages read and export the same way.
from xborder.settlement.views import _period, _statement_csv


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
