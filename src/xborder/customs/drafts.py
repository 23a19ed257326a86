"""From a paid package to the frozen ``DeclarationDraft`` the message builders take.

:func:`declaration_draft` reads everything in one query (lines joined with package, order, buyer, identity,
store, warehouse, variant and brand; the payment as subqueries) and maps it to the four documents. Who
the platform is (e-commerce platform, broker, carrier, payment enterprise codes) comes from the
environment (``XBORDER_CUSTOMS_*``), with development defaults.

Mapping choices (REGULATION §6.4): ``orderNo`` and ``copNo`` are the package number (a package is what
customs declares); CEB311 has no insurance element, so its ``freight`` is freight + insurance (what the
buyer paid to have it shipped), while the waybill and the inventory list carry them apart; ``taxTotal``
is the package's tax snapshot; the payer's ID number is the buyer's when the payment's keyed hash of the
payer matches the buyer's identity (only the hash is kept on the payment), otherwise it is left blank and
the buyer-is-payer rule refuses the declaration.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from xborder.core.errors import DomainError
from xborder.customs.messages import (
    BONDED,
    DIRECT_MAIL,
    DeclarationDraft,
    InventoryDraft,
    InventoryLineDraft,
    OrderDraft,
    OrderLineDraft,
    PaymentDraft,
    Sender,
    WaybillDraft,
)
from xborder.customs.messages.fields import CUSTOMS_TZ
from xborder.orders.models import OrderLine, Package
from xborder.payments.models import Payment
from xborder.payments.states import PaymentStatus

CHINA = "142"
PIECE_UNIT = "011"
# Customs (JGS-20) country codes of the origins we sell from; an origin missing here blocks the declaration.
COUNTRY_CODES = {
    "CN": "142", "HK": "110", "MO": "121", "TW": "143", "JP": "116", "KR": "133", "SG": "132", "TH": "136",
    "MY": "122", "VN": "141", "US": "502", "CA": "501", "GB": "303", "DE": "304", "FR": "305", "IT": "307",
    "NL": "309", "ES": "312", "BE": "301", "DK": "302", "IE": "306", "PT": "311", "AT": "315", "SE": "330",
    "CH": "331", "NO": "326", "AU": "601", "NZ": "609",
}  # fmt: skip
# Customs (JGS-20) measurement units of the catalogue's legal units.
UNIT_CODES = {"piece": "011", "pair": "025", "set": "006", "sheet": "015", "kg": "035", "g": "036", "l": "095",
              "ml": "096"}  # fmt: skip
TRAF_MODE = {BONDED: "Y", DIRECT_MAIL: "5"}  # bonded zone; air freight
DECLARED_PAYMENTS = (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)

DECLARATION_DATA_MISSING = "declaration_data_missing"


class DeclarationDataMissing(DomainError):
    """The package lacks what customs needs (identity, payment, a mappable origin): fix the data first."""

    status = 409
    code = DECLARATION_DATA_MISSING


@dataclass(frozen=True)
class Parties:
    """The enterprises a declaration names (``settings.XBORDER_CUSTOMS``)."""

    ebp_code: str
    ebp_name: str
    dxp_id: str
    agent_code: str
    agent_name: str
    logistics_code: str
    logistics_name: str
    pay_code: str
    pay_name: str
    direct_mail_port: str

    @classmethod
    def from_settings(cls) -> Parties:
        conf = settings.XBORDER_CUSTOMS
        return cls(
            ebp_code=conf["EBP_CODE"],
            ebp_name=conf["EBP_NAME"],
            dxp_id=conf["DXP_ID"],
            agent_code=conf["AGENT_CODE"] or conf["EBP_CODE"],
            agent_name=conf["AGENT_NAME"] or conf["EBP_NAME"],
            logistics_code=conf["LOGISTICS_CODE"],
            logistics_name=conf["LOGISTICS_NAME"],
            pay_code=conf["PAY_CODE"],
            pay_name=conf["PAY_NAME"],
            direct_mail_port=conf["DIRECT_MAIL_PORT"],
        )

    @property
    def sender(self) -> Sender:
        return Sender(cop_code=self.ebp_code, cop_name=self.ebp_name, dxp_id=self.dxp_id)


@dataclass(frozen=True)
class Transport:
    """The international leg of a direct-mail (9610) package: required by customs, unknown at payment."""

    traf_no: str
    voyage_no: str
    bill_no: str


def _payment(field: str) -> Subquery:
    payments = Payment.objects.filter(orders=OuterRef("package__order_id"), status__in=DECLARED_PAYMENTS)
    return Subquery(payments.order_by("-paid_at", "-id").values(field)[:1])


def declaration_draft(
    *, package_id: int, parties: Parties | None = None, transport: Transport | None = None, now: datetime | None = None
) -> DeclarationDraft:
    """The four documents of a paid package, read in one query. Raises ``declaration_data_missing``."""
    parties = parties or Parties.from_settings()
    lines = list(
        OrderLine.objects.filter(package_id=package_id)
        .select_related(
            "package__order__buyer__identity", "package__store", "package__warehouse", "variant__product__brand"
        )
        .annotate(
            payment_ref=_payment("provider_ref"),
            payment_number=_payment("number"),
            payment_paid_at=_payment("paid_at"),
            payment_payer_name=_payment("payer_name"),
            payment_payer_hash=_payment("payer_id_hash"),
        )
        .order_by("id")
    )
    if not lines:
        raise DeclarationDataMissing(message=f"Package {package_id} has no lines.")
    return _draft(lines, parties, transport, timezone.localtime(now or timezone.now(), CUSTOMS_TZ))


def _draft(lines: list[OrderLine], parties: Parties, transport: Transport | None, now: datetime) -> DeclarationDraft:
    first = lines[0]
    package: Package = first.package
    identity = _identity(package)
    if first.payment_number is None:
        raise DeclarationDataMissing(message=f"Package {package.number} has no captured payment.")
    consignee = _consignee(package)
    store = package.store
    ebc_code, ebc_name = store.customs_code or parties.ebp_code, (store.name_zh or store.name)[:100]
    tax_total = package.total_tax
    freight = package.freight + package.insurance
    order_lines = tuple(_order_line(gnum, line) for gnum, line in enumerate(lines, start=1))
    order = OrderDraft(
        order_no=package.number,
        ebp_code=parties.ebp_code,
        ebp_name=parties.ebp_name,
        ebc_code=ebc_code,
        ebc_name=ebc_name,
        goods_value=package.goods_value,
        freight=freight,
        discount=Decimal("0"),
        tax_total=tax_total,
        actural_paid=package.goods_value + freight + tax_total,
        buyer_reg_no=f"U{package.order.buyer_id}",
        buyer_name=identity.name,
        buyer_telephone=consignee["phone"],
        buyer_id_number=identity.id_number,
        consignee=consignee["recipient"],
        consignee_telephone=consignee["phone"],
        consignee_address=consignee["address"],
        lines=order_lines,
        pay_code=parties.pay_code,
        pay_name=parties.pay_name,
        pay_transaction_id=first.payment_ref or first.payment_number,
        consignee_district=package.order.district_code or None,
    )
    payer_is_buyer = first.payment_payer_hash in ("", None, identity.id_hash)
    payment = PaymentDraft(
        pay_code=parties.pay_code,
        pay_name=parties.pay_name,
        pay_transaction_id=first.payment_ref or first.payment_number,
        order_no=package.number,
        ebp_code=parties.ebp_code,
        ebp_name=parties.ebp_name,
        payer_id_number=identity.id_number if payer_is_buyer else "",
        payer_name=first.payment_payer_name or identity.name,  # decrypted by the field of the subquery
        amount_paid=package.total,
        pay_time=timezone.localtime(first.payment_paid_at or now, CUSTOMS_TZ),
    )
    gross = sum((line.variant.gross_weight_kg * line.quantity for line in lines), start=Decimal("0"))
    net = sum((line.variant.net_weight_kg * line.quantity for line in lines), start=Decimal("0"))
    logistics_no = f"{parties.logistics_code[-4:]}{package.number}"
    waybill = WaybillDraft(
        logistics_code=parties.logistics_code,
        logistics_name=parties.logistics_name,
        logistics_no=logistics_no,
        order_no=package.number,
        weight=gross,
        consignee=consignee["recipient"],
        consignee_address=consignee["address"],
        consignee_telephone=consignee["phone"],
        freight=package.freight,
        insured_fee=package.insurance,
        bill_no=transport.bill_no if transport else None,
    )
    inventory = _inventory(package, lines, parties, transport, now, identity, consignee, gross, net, logistics_no)
    return DeclarationDraft(order=order, payment=payment, waybill=waybill, inventory=inventory)


def _inventory(
    package, lines, parties, transport, now, identity, consignee, gross, net, logistics_no
) -> InventoryDraft:
    warehouse = package.warehouse
    bonded = package.customs_mode == BONDED
    trade_mode = BONDED if bonded else DIRECT_MAIL
    customs_code = (warehouse.customs_code if bonded else "") or parties.direct_mail_port
    store = package.store
    origin = _country(str(warehouse.country), package.number)
    return InventoryDraft(
        order_no=package.number,
        ebp_code=parties.ebp_code,
        ebp_name=parties.ebp_name,
        ebc_code=store.customs_code or parties.ebp_code,
        ebc_name=(store.name_zh or store.name)[:100],
        logistics_no=logistics_no,
        logistics_code=parties.logistics_code,
        logistics_name=parties.logistics_name,
        cop_no=package.number,
        assure_code=store.customs_code or parties.ebp_code,
        decl_time=now.date(),
        customs_code=customs_code,
        port_code=customs_code,
        buyer_id_number=identity.id_number,
        buyer_name=identity.name,
        buyer_telephone=consignee["phone"],
        consignee_address=consignee["address"],
        agent_code=parties.agent_code,
        agent_name=parties.agent_name,
        trade_mode=trade_mode,
        traf_mode=TRAF_MODE[trade_mode],
        country=CHINA if bonded else origin,
        freight=package.freight,
        insured_fee=package.insurance,
        gross_weight=gross,
        net_weight=net,
        lines=tuple(_inventory_line(gnum, line, bonded) for gnum, line in enumerate(lines, start=1)),
        ems_no=warehouse.ems_no or None if bonded else None,
        area_code=warehouse.area_code or None if bonded else None,
        area_name=warehouse.name[:100] if bonded else None,
        traf_no=transport.traf_no if transport else None,
        voyage_no=transport.voyage_no if transport else None,
        bill_no=transport.bill_no if transport else None,
    )


def _order_line(gnum: int, line: OrderLine) -> OrderLineDraft:
    variant = line.variant
    return OrderLineDraft(
        gnum=gnum,
        item_no=variant.sku[:30],
        item_name=line.description[:250],
        gmodel=_gmodel(line),
        unit=PIECE_UNIT,
        qty=Decimal(line.quantity),
        price=line.unit_price_cny,
        total_price=line.line_total_cny,
        country=_country(str(variant.origin_country), line.package.number),
        bar_code=variant.barcode or None,
    )


def _inventory_line(gnum: int, line: OrderLine, bonded: bool) -> InventoryLineDraft:
    variant = line.variant
    return InventoryLineDraft(
        gnum=gnum,
        item_record_no=variant.sku[:30] if bonded else None,
        item_no=variant.sku[:30],
        gcode=line.hs_code,
        gname=line.description[:250],
        gmodel=_gmodel(line),
        bar_code=variant.barcode or "无",
        country=_country(str(variant.origin_country), line.package.number),
        qty=Decimal(line.quantity),
        unit=PIECE_UNIT,
        qty1=variant.legal_quantity * line.quantity,
        unit1=UNIT_CODES.get(variant.legal_unit, PIECE_UNIT),
        price=line.unit_price_cny,
        total_price=line.line_total_cny,
    )


def _gmodel(line: OrderLine) -> str:
    variant = line.variant
    return f"{variant.product.brand.name} {variant.name or variant.sku}".strip()[:510]


def _identity(package: Package):
    identity = getattr(package.order.buyer, "identity", None)
    if identity is None or not identity.is_verified:
        raise DeclarationDataMissing(message=f"The buyer of package {package.number} has no verified identity.")
    return identity


def _consignee(package: Package) -> dict[str, str]:
    try:
        snapshot = json.loads(package.order.shipping_address or "{}")
    except ValueError:
        snapshot = {}
    consignee = {key: str(snapshot.get(key) or "").strip() for key in ("recipient", "phone", "address")}
    if not all(consignee.values()):
        raise DeclarationDataMissing(message=f"The order of package {package.number} has no complete address.")
    return consignee


def _country(iso: str, package_number: str) -> str:
    code = COUNTRY_CODES.get(iso.upper())
    if code is None:
        raise DeclarationDataMissing(message=f"Package {package_number}: no customs country code for {iso!r}.")
    return code
