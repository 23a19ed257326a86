"""Settlement API: a store's statement (owner, manager, finance, agencies with the ``finance_read`` scope, operators)
and the operators' reports."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Query, Router, Schema

from xborder.accounts.api_auth import token_or_session
from xborder.core.api_schemas import describe_errors, error_responses
from xborder.core.errors import PermissionDenied
from xborder.sellers.access import authorize
from xborder.sellers.models import Store
from xborder.settlement import selectors

router = Router(tags=["settlement"], auth=token_or_session)


class PeriodQuery(Schema):
    start: dt.date
    end: dt.date


def _moments(period: PeriodQuery) -> tuple[dt.datetime, dt.datetime]:
    """The local days ``start`` to ``end`` inclusive, as [start, end + 1 day)."""
    as_moment = lambda day: timezone.make_aware(dt.datetime.combine(day, dt.time.min))  # noqa: E731
    return as_moment(period.start), as_moment(period.end + dt.timedelta(days=1))


class StatementRowOut(Schema):
    occurred_at: dt.datetime
    kind: str
    reference: str
    order_reference: str
    pending_change: Decimal
    available_change: Decimal
    pending: Decimal
    available: Decimal


class PayoutOut(Schema):
    reference: str
    home_amount: Decimal
    currency: str
    amount: Decimal
    fx_rate: Decimal
    fx_rate_at: dt.datetime
    status: str


class StatementOut(Schema):
    store: str
    currency: str
    opening_pending: Decimal
    opening_available: Decimal
    closing_pending: Decimal
    closing_available: Decimal
    rows: list[StatementRowOut]
    payouts: list[PayoutOut]


@router.get(
    "/stores/{slug}/statement",
    response={200: StatementOut, **error_responses(400, 401, 403, 404)},
    summary="A store's statement (owner, manager, finance, agencies with the `finance_read` scope, operators)",
    description="Pending (in the return window) and available payable per journal entry with running balances, "
    "and payouts with their currency and recorded FX rate.\n\n"
    + describe_errors(
        {
            400: "`period_invalid`",
            403: "`permission_denied` (a tie to the store without the right: another member role, another scope)",
            404: "`not_found` (no such store, or no tie to it)",
        }
    ),
)
def statement(request, slug: str, period: Query[PeriodQuery]):
    store = authorize(request.auth, Store.objects.filter(slug=slug).first(), "finance.view").store
    start, end = _moments(period)
    data = selectors.seller_statement(store=store, start=start, end=end)
    return StatementOut(
        store=store.slug, currency=data.currency, opening_pending=data.opening_pending,
        opening_available=data.opening_available, closing_pending=data.closing_pending,
        closing_available=data.closing_available,
        rows=[StatementRowOut.model_validate(row, from_attributes=True) for row in data.rows],
        payouts=[
            PayoutOut(reference=p.reference, home_amount=p.home_amount, currency=p.currency_id, amount=p.amount,
                      fx_rate=p.fx_rate, fx_rate_at=p.fx_rate_at, status=p.status)
            for p in data.payouts
        ],
    )  # fmt: skip


class TaxRowOut(Schema):
    month: dt.date
    withheld: Decimal
    released: Decimal
    remitted: Decimal
    net: Decimal


class CommissionRowOut(Schema):
    store_kind: str
    store_name: str
    commission: Decimal
    sales: Decimal


def _staff(request) -> None:
    if not request.auth.is_staff:
        raise PermissionDenied("permission_denied", "Operators only.")


@router.get("/reports/tax", response={200: list[TaxRowOut], **error_responses(400, 401, 403)},
            summary="Tax withheld, released by returns and remitted, per month (operators)")  # fmt: skip
def tax_report(request, period: Query[PeriodQuery]):
    _staff(request)
    start, end = _moments(period)
    return [TaxRowOut(month=r.month, withheld=r.withheld, released=r.released, remitted=r.remitted, net=r.net)
            for r in selectors.tax_withheld_report(start=start, end=end)]  # fmt: skip


@router.get("/reports/commission", response={200: list[CommissionRowOut], **error_responses(400, 401, 403)},
            summary="Commission earned and self-operated sales per store (operators)")  # fmt: skip
def commission_report(request, period: Query[PeriodQuery]):
    _staff(request)
    start, end = _moments(period)
    return [CommissionRowOut(**row.__dict__) for row in selectors.commission_report(start=start, end=end)]
