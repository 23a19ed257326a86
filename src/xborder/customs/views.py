"""Customs pages: the operator desk (declarations by clearance, stuck ones, errors, reconciliation items, raw
XML, resend after correction, cancel before release, poll now) and the token-authenticated receipt push endpoint."""

from __future__ import annotations

import hmac
import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from xborder.core.errors import DomainError
from xborder.customs import selectors, services
from xborder.customs.drafts import Transport
from xborder.customs.errors import CustomsError, GatewayUnavailable
from xborder.customs.gateway import receipt_push_token
from xborder.customs.messages.schema import MAX_MESSAGE_BYTES
from xborder.customs.models import Clearance, ReceiptSource
from xborder.orders.models import CustomsMode, Package

logger = logging.getLogger(__name__)
RECEIPT_TOKEN_INVALID = "receipt_token_invalid"
RECEIPT_TOO_LARGE = "receipt_too_large"


def staff_only(view):
    """Operators only; anyone else gets a 404, not a hint that the page exists."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@staff_only
def desk(request):
    params = request.GET
    stuck = params.get("stuck", "")
    declarations = selectors.declarations_for_desk(
        clearance=params.get("clearance", ""),
        customs_mode=params.get("mode", "") if params.get("mode") in CustomsMode.values else "",
        stuck_minutes=int(stuck) if stuck.isdigit() else None,
        query=params.get("q", ""),
    )
    counts = selectors.clearance_counts()
    page = Paginator(declarations, selectors.DEFAULT_PAGE).get_page(params.get("page"))
    context = {
        "page": page,
        "counts": [(value, label, counts[value]) for value, label in Clearance.choices],
        "clearances": Clearance.choices,
        "modes": [(CustomsMode.BONDED.value, "1210"), (CustomsMode.DIRECT_MAIL.value, "9610")],
        "reconciliation_items": selectors.open_reconciliation_items(),
        "unmatched_receipts": selectors.unmatched_receipts(),
        "filters": {
            "clearance": params.get("clearance", ""),
            "mode": params.get("mode", ""),
            "stuck": stuck,
            "q": params.get("q", ""),
        },
    }
    return render(request, "customs/desk.html", context)


@staff_only
def declaration_detail(request, declaration_id: int):
    try:
        declaration = selectors.declaration_for_desk(declaration_id=declaration_id)
    except DomainError:
        raise Http404 from None
    return render(request, "customs/declaration.html", {"declaration": declaration, "Clearance": Clearance})


@staff_only
@require_POST
def redeclare(request, declaration_id: int):
    """Resend after correction: a blocked package (e.g. once its flight is known) or one customs could not read."""
    try:
        declaration = selectors.declaration_for_desk(declaration_id=declaration_id)
    except DomainError:
        raise Http404 from None
    transport = None
    fields = [request.POST.get(name, "").strip() for name in ("traf_no", "voyage_no", "bill_no")]
    if all(fields):
        transport = Transport(*(value[:37] for value in fields))
    try:
        result = services.declare_package(
            package=Package(pk=declaration.package_id),
            transport=transport,
            actor=request.user,
            actor_label=request.user.email,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, result.get_clearance_display())
    return redirect("customs:declaration", declaration_id=declaration_id)


@staff_only
@require_POST
def cancel(request, declaration_id: int):
    """Cancel the declaration of a package customs accepted but has not released (sends a CEB623)."""
    try:
        declaration = selectors.declaration_for_desk(declaration_id=declaration_id)
    except DomainError:
        raise Http404 from None
    try:
        services.cancel_declaration(
            package=Package(pk=declaration.package_id),
            reason=request.POST.get("reason", "")[:1000],
            actor=request.user,
            actor_label=request.user.email,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, "Cancellation sent to customs (CEB623).")
    return redirect("customs:declaration", declaration_id=declaration_id)


@staff_only
@require_POST
def poll_now(request):
    try:
        recorded = services.poll_receipts()
    except GatewayUnavailable as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, f"{recorded} new receipt(s)")
    return redirect("customs:desk")


@csrf_exempt
@require_POST
def receive_receipt(request):
    """A receipt pushed by the single window: ``POST`` the receipt XML with the shared token (header
    ``X-Customs-Token`` or ``?token=``). 200 ``{"recorded": true|false}`` (false: seen before), 400 for XML
    that is not a valid receipt, 403 for a wrong token. Same service as polling, so both paths agree."""
    token = request.headers.get("X-Customs-Token") or request.GET.get("token", "")
    if not hmac.compare_digest(token.encode(), receipt_push_token().encode()):
        return _error(403, RECEIPT_TOKEN_INVALID, "The receipt push token is missing or wrong.")
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_MESSAGE_BYTES:
        return _error(413, RECEIPT_TOO_LARGE, "The receipt is too large.")
    try:
        receipt, created = services.record_receipt(xml=request.body, source=ReceiptSource.PUSH)
    except CustomsError as exc:
        return _error(400, exc.code, exc.message[:300])
    return JsonResponse({"recorded": created, "messageType": receipt.message_type})


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
