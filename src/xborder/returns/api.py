"""Returns API: the buyer asks for a return (photos as base64), follows it, says it was sent back or cancels;
the receiving store (its editors, agencies with the ``customer_service`` scope, audited) or an operator receives
and inspects, by the rules of ``sellers.access``. Returns the caller may not see are 404; those they may see
but not handle are 403."""

import base64
import binascii
from datetime import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from ninja import Field, Router, Schema, Status

from xborder.accounts.api_auth import token_or_session
from xborder.core.api_schemas import describe_errors, error_responses
from xborder.core.errors import NotFound
from xborder.orders.models import Package
from xborder.returns import selectors, services
from xborder.returns.errors import ReturnError
from xborder.sellers import access

router = Router(tags=["returns"], auth=token_or_session)
MAX_PHOTO_BASE64 = 7_000_000


class LineIn(Schema):
    line_id: int = Field(..., ge=1)
    quantity: int = Field(..., ge=1, le=100_000)


class PhotoIn(Schema):
    name: str = Field(..., max_length=100)
    content_base64: str = Field(..., max_length=MAX_PHOTO_BASE64)


class ReturnIn(Schema):
    package: str = Field(..., max_length=28)
    lines: list[LineIn] = Field(..., max_length=100)
    reason: str = Field(..., max_length=20)
    description: str = Field("", max_length=2000)
    photos: list[PhotoIn] = Field(default_factory=list, max_length=10)


class ReturnLineOut(Schema):
    line_id: int
    description: str
    quantity: int
    accepted_quantity: int | None


class ReturnOut(Schema):
    number: str
    order: str
    package: str
    status: str
    reason: str
    destination: str
    destination_address: str
    return_freight_paid_by: str
    applied_at: datetime
    legal_apply_by: datetime | None
    legal_back_by: datetime | None
    tax_not_levied: bool
    goods_refund: Decimal
    freight_refund: Decimal
    tax_refund: Decimal
    quota_released: Decimal
    refund_reference: str
    lines: list[ReturnLineOut]

    @staticmethod
    def of(found) -> "ReturnOut":
        fields = {
            name: getattr(found, name) for name in ReturnOut.model_fields if name not in ("order", "package", "lines")
        }
        lines = [
            ReturnLineOut(line_id=line.order_line_id, description=line.order_line.description,
                          quantity=line.quantity, accepted_quantity=line.accepted_quantity)
            for line in found.lines.all()
        ]  # fmt: skip
        return ReturnOut(**fields, order=found.order.number, package=found.package.number, lines=lines)


def _photo(photo: PhotoIn, index: int) -> SimpleUploadedFile:
    try:
        content = base64.b64decode(photo.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise ReturnError("photo_invalid", "A photo is base64.", fields={f"photos.{index}": "invalid"}) from None
    return SimpleUploadedFile(photo.name, content)


ERRORS = describe_errors({
    400: "`no_lines`, `line_not_in_package`, `quantity_invalid`, `reason_invalid`, `photos_required`, "
         "`too_many_photos`, `photo_invalid`, `tracking_number_invalid`",
    404: "`not_found`",
    409: "`not_delivered`, `return_window_closed`, `quantity_exceeds`, `return_not_open`, `payment_not_found`",
})  # fmt: skip


@router.post("", response={201: ReturnOut, **error_responses(400, 401, 404, 409)}, summary="Ask for a return",
             description=ERRORS)  # fmt: skip
def ask_for_return(request, payload: ReturnIn):
    package = Package.objects.filter(number=payload.package, order__buyer=request.auth).first()
    if package is None:
        raise NotFound("not_found", "No such package.")
    lines: dict[int, int] = {}
    for line in payload.lines:
        lines[line.line_id] = lines.get(line.line_id, 0) + line.quantity
    created = services.request_return(
        buyer=request.auth, package=package, lines=lines, reason=payload.reason, description=payload.description,
        photos=[_photo(photo, index) for index, photo in enumerate(payload.photos)],
    )  # fmt: skip
    return Status(201, ReturnOut.of(selectors.return_detail(created.number)))


@router.get("/{number}", response={200: ReturnOut, **error_responses(401, 404)}, summary="One return")
def return_detail(request, number: str):
    return ReturnOut.of(selectors.return_for(request.auth, number)[0])


class SentBackIn(Schema):
    carrier: str = Field(..., max_length=60)
    tracking_number: str = Field(..., max_length=40)


@router.post("/{number}/sent-back", response={200: ReturnOut, **error_responses(400, 401, 404, 409)},
             summary="I have sent the goods back", description=ERRORS)  # fmt: skip
def sent_back(request, number: str, payload: SentBackIn):
    found, _ = selectors.return_for(request.auth, number)
    services.mark_sent_back(request=found, buyer=request.auth, carrier=payload.carrier,
                            tracking_number=payload.tracking_number)  # fmt: skip
    return ReturnOut.of(selectors.return_detail(number))


@router.post("/{number}/cancel", response={200: ReturnOut, **error_responses(401, 404, 409)},
             summary="Cancel my return before sending the goods", description=ERRORS)  # fmt: skip
def cancel(request, number: str):
    services.cancel_return(request=selectors.return_for(request.auth, number)[0], buyer=request.auth)
    return ReturnOut.of(selectors.return_detail(number))


@router.post("/{number}/receive", response={200: ReturnOut, **error_responses(401, 403, 404, 409)},
             summary="The goods arrived (store editors, `customer_service` agencies, operators)",
             description=ERRORS)  # fmt: skip
def receive(request, number: str):
    found, tie = selectors.return_for(request.auth, number, handling=True)
    access.perform(tie, "returns.process", lambda: services.receive_return(request=found, actor=request.auth),
                   details={"return": found.number, "step": "received"})  # fmt: skip
    return ReturnOut.of(selectors.return_detail(number))


class InspectionIn(Schema):
    accepted: dict[int, int] | None = Field(None, description="{order line id: units}; null accepts everything")
    note: str = Field("", max_length=500)


@router.post("/{number}/inspect", response={200: ReturnOut, **error_responses(400, 401, 403, 404, 409)},
             summary="Inspect and refund (store editors, `customer_service` agencies, operators)",
             description=ERRORS)  # fmt: skip
def inspect(request, number: str, payload: InspectionIn):
    found, tie = selectors.return_for(request.auth, number, handling=True)

    def inspect_it():
        return services.inspect_return(request=found, accepted=payload.accepted, note=payload.note, actor=request.auth)

    access.perform(tie, "returns.process", inspect_it,
                   details={"return": found.number, "step": "inspected", "accepted": payload.accepted})  # fmt: skip
    return ReturnOut.of(selectors.return_detail(number))
