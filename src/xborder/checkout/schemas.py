"""API shapes of the cart, the quote and a placed checkout. Money is a decimal string."""

from decimal import Decimal

from ninja import Field, Schema

from xborder.checkout.quoting import LineDraft, PackageQuote, Quote


class CartLineIn(Schema):
    offer_id: int = Field(..., ge=1, le=2**63 - 1)
    quantity: int = Field(1, ge=1, le=99)


class QuantityIn(Schema):
    quantity: int = Field(..., ge=1, le=99)


BUY_NOW = "Buy these lines now instead of the cart (the cart is left as it is)."
MAX_BUY_NOW_LINES = 50


class BuyNow(Schema):
    lines: list[CartLineIn] | None = Field(None, min_length=1, max_length=MAX_BUY_NOW_LINES, description=BUY_NOW)

    def items(self) -> list[tuple[int, int]] | None:
        return None if self.lines is None else [(line.offer_id, line.quantity) for line in self.lines]


class QuoteIn(BuyNow):
    split: bool = Field(False, description="Apply the split proposals of packages over the 5,000 limit.")


class PlaceIn(BuyNow):
    address_id: int = Field(..., ge=1, le=2**63 - 1)
    split: bool = False


class ViolationOut(Schema):
    code: str
    message: str


class LineOut(Schema):
    line_id: int
    offer_id: int
    description: str
    quantity: int
    currency: str
    unit_price: Decimal
    fx_rate: Decimal
    unit_price_cny: Decimal

    @staticmethod
    def of(line: LineDraft) -> "LineOut":
        return LineOut(**{name: getattr(line, name) for name in LineOut.model_fields})


class PackageOut(Schema):
    store_id: int
    store_name: str
    warehouse_id: int
    regime: str
    customs_mode: str
    treatment: str
    lines: list[LineOut]
    goods: Decimal
    freight: Decimal
    insurance: Decimal
    dutiable_value: Decimal
    tariff: Decimal
    consumption_tax: Decimal
    vat: Decimal
    postal_tax: Decimal
    total_tax: Decimal
    total: Decimal
    delivery_days: tuple[int, int]
    violations: list[ViolationOut]
    split_proposal: list[list[LineOut]]

    @staticmethod
    def of(package: PackageQuote) -> "PackageOut":
        landed = package.landed
        zero = Decimal("0.00")
        return PackageOut(
            store_id=package.store_id,
            store_name=package.store_name,
            warehouse_id=package.warehouse_id,
            regime=package.regime,
            customs_mode=package.customs_mode,
            treatment=package.treatment,
            lines=[LineOut.of(line) for line in package.lines],
            goods=package.goods,
            freight=package.freight,
            insurance=package.insurance,
            dutiable_value=package.dutiable_value,
            tariff=landed.tariff if landed else zero,
            consumption_tax=landed.consumption_tax if landed else zero,
            vat=landed.vat if landed else zero,
            postal_tax=landed.postal_tax if landed else zero,
            total_tax=package.tax,
            total=package.total,
            delivery_days=package.delivery_days,
            violations=[ViolationOut(code=v.code, message=v.message) for v in package.violations],
            split_proposal=[[LineOut.of(line) for line in part] for part in package.split_proposal],
        )


class QuoteOut(Schema):
    packages: list[PackageOut]
    goods: Decimal
    freight: Decimal
    insurance: Decimal
    tax: Decimal
    total: Decimal
    placeable: bool
    fx_rates: dict[str, Decimal]

    @staticmethod
    def of(quote: Quote) -> "QuoteOut":
        return QuoteOut(
            packages=[PackageOut.of(package) for package in quote.packages],
            goods=quote.goods,
            freight=quote.freight,
            insurance=quote.insurance,
            tax=quote.tax,
            total=quote.total,
            placeable=quote.is_placeable,
            fx_rates=quote.fx_rates,
        )


class CartLineOut(Schema):
    id: int
    offer_id: int
    quantity: int


class CartOut(Schema):
    lines: list[CartLineOut]


class CheckoutOut(Schema):
    number: str
    total: Decimal
    orders: list[str]
    payment_number: str
    payment_status: str
    payment_url: str = Field(..., description="The payment platform's hosted page; send the payer there.")

    @staticmethod
    def of(checkout) -> "CheckoutOut":
        payment = checkout.payment
        return CheckoutOut(
            number=checkout.number,
            total=checkout.total,
            orders=[order.number for order in checkout.orders.order_by("pk")],
            payment_number=payment.number,
            payment_status=payment.status,
            payment_url=payment.redirect_url,
        )
