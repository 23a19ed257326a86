"""Synthetic but realistic declarations for the customs tests (never the spec's sample IDs).

``bonded_declaration()`` is a consistent 1210 package of two lines whose tax is what the simulator's
default 9.1 % rule computes; ``direct_mail_declaration()`` is its 9610 twin. Tests derive broken
variants with ``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from xborder.customs.messages import (
    BONDED,
    DIRECT_MAIL,
    DeclarationDraft,
    InventoryDraft,
    InventoryLineDraft,
    MessageContext,
    OrderDraft,
    OrderLineDraft,
    PaymentDraft,
    Sender,
    WaybillDraft,
)
from xborder.customs.messages.fields import CUSTOMS_TZ

BUYER_ID = "11010519491231002X"
OTHER_ID = "110101199003070011"
BUYER_NAME = "李雨桐"
APP_TIME = datetime(2026, 3, 14, 9, 30, 0, tzinfo=CUSTOMS_TZ)
PLATFORM = Sender(cop_code="3301964J31", cop_name="xborder 跨境商城", dxp_id="DXPENT0000530000")

ORDER_LINES = (
    OrderLineDraft(
        gnum=1,
        item_no="AGL-FORMULA-3",
        item_name="婴儿配方奶粉3段",
        gmodel="800g/罐, 牛奶粉, 1-3岁",
        unit="122",
        qty=Decimal("2"),
        price=Decimal("198.00"),
        total_price=Decimal("396.00"),
        country="601",
        bar_code="9300000000017",
    ),
    OrderLineDraft(
        gnum=2,
        item_name="维生素D软胶囊",
        gmodel="90粒/瓶, 维生素D3 1000IU",
        unit="142",
        qty=Decimal("1"),
        price=Decimal("129.50"),
        total_price=Decimal("129.50"),
        country="601",
    ),
)

INVENTORY_LINES = (
    InventoryLineDraft(
        gnum=1,
        item_record_no="AGL0001",
        item_no="AGL-FORMULA-3",
        gcode="1901101010",
        gname="婴儿配方奶粉3段",
        gmodel="800g/罐, 牛奶粉, 1-3岁",
        bar_code="9300000000017",
        country="601",
        qty=Decimal("2"),
        unit="122",
        qty1=Decimal("1.6"),
        unit1="035",
        price=Decimal("198.00"),
        total_price=Decimal("396.00"),
    ),
    InventoryLineDraft(
        gnum=2,
        item_record_no="AGL0002",
        gcode="2106909090",
        gname="维生素D软胶囊",
        gmodel="90粒/瓶, 维生素D3 1000IU",
        country="601",
        qty=Decimal("1"),
        unit="142",
        qty1=Decimal("0.12"),
        unit1="035",
        price=Decimal("129.50"),
        total_price=Decimal("129.50"),
    ),
)

TAX_TOTAL = Decimal("49.64")  # 9.1 % of 411.07 -> 37.41, of 134.43 -> 12.23


def order(order_no: str = "XB2026031400001", **changes) -> OrderDraft:
    """A consistent order of the two sample lines."""
    draft = OrderDraft(
        order_no=order_no,
        ebp_code="3301964J31",
        ebp_name="xborder 跨境商城",
        ebc_code="3301968K12",
        ebc_name="Alpine Goods Ltd",
        goods_value=Decimal("525.50"),
        freight=Decimal("20.00"),
        discount=Decimal("10.00"),
        tax_total=TAX_TOTAL,
        actural_paid=Decimal("585.14"),
        buyer_reg_no="buyer-000042",
        buyer_name=BUYER_NAME,
        buyer_telephone="13800000001",
        buyer_id_number=BUYER_ID,
        consignee=BUYER_NAME,
        consignee_telephone="13800000001",
        consignee_address="北京市朝阳区望京街道示例路1号",
        lines=ORDER_LINES,
        pay_code="312226T001",
        pay_name="沙箱支付有限公司",
        pay_transaction_id="PAY2026031400001",
        consignee_district="110105",
    )
    return replace(draft, **changes)


def payment(order_no: str = "XB2026031400001", **changes) -> PaymentDraft:
    """The payment voucher of :func:`order`."""
    draft = PaymentDraft(
        pay_code="312226T001",
        pay_name="沙箱支付有限公司",
        pay_transaction_id="PAY2026031400001",
        order_no=order_no,
        ebp_code="3301964J31",
        ebp_name="xborder 跨境商城",
        payer_id_number=BUYER_ID,
        payer_name=BUYER_NAME,
        amount_paid=Decimal("585.14"),
        pay_time=datetime(2026, 3, 14, 9, 21, 5, tzinfo=CUSTOMS_TZ),
        telephone="13800000001",
    )
    return replace(draft, **changes)


def waybill(order_no: str = "XB2026031400001", **changes) -> WaybillDraft:
    """The waybill of :func:`order`."""
    draft = WaybillDraft(
        logistics_code="3301980E01",
        logistics_name="示例速运有限公司",
        logistics_no="SF1000000000001",
        order_no=order_no,
        freight=Decimal("20.00"),
        insured_fee=Decimal("0"),
        weight=Decimal("1.95"),
        goods_info="奶粉2罐, 维生素1瓶",
        consignee=BUYER_NAME,
        consignee_address="北京市朝阳区望京街道示例路1号",
        consignee_telephone="13800000001",
    )
    return replace(draft, **changes)


def inventory(order_no: str = "XB2026031400001", **changes) -> InventoryDraft:
    """The bonded (1210) inventory list of :func:`order`."""
    draft = InventoryDraft(
        order_no=order_no,
        ebp_code="3301964J31",
        ebp_name="xborder 跨境商城",
        ebc_code="3301968K12",
        ebc_name="Alpine Goods Ltd",
        logistics_no="SF1000000000001",
        logistics_code="3301980E01",
        logistics_name="示例速运有限公司",
        cop_no="PKG000000001",
        assure_code="3301964J31",
        ems_no="T2924W000123",
        decl_time=date(2026, 3, 14),
        customs_code="2924",
        port_code="2924",
        buyer_id_number=BUYER_ID,
        buyer_name=BUYER_NAME,
        buyer_telephone="13800000001",
        consignee_address="北京市朝阳区望京街道示例路1号",
        agent_code="3301968K12",
        agent_name="示例报关有限公司",
        area_code="3301W60001",
        area_name="示例综保区仓储有限公司",
        trade_mode=BONDED,
        traf_mode="Y",
        country="142",
        freight=Decimal("20.00"),
        insured_fee=Decimal("0"),
        gross_weight=Decimal("1.95"),
        net_weight=Decimal("1.72"),
        lines=INVENTORY_LINES,
    )
    return replace(draft, **changes)


def bonded_declaration(order_no: str = "XB2026031400001") -> DeclarationDraft:
    """A consistent 1210 (bonded warehouse) package."""
    return DeclarationDraft(
        order=order(order_no),
        payment=payment(order_no),
        waybill=waybill(order_no),
        inventory=inventory(order_no),
    )


def direct_mail_declaration(order_no: str = "XB2026031400002") -> DeclarationDraft:
    """A consistent 9610 (direct mail) package flown in from Australia."""
    draft = bonded_declaration(order_no)
    lines = tuple(replace(line, item_record_no=None) for line in draft.inventory.lines)
    direct = replace(
        draft.inventory,
        trade_mode=DIRECT_MAIL,
        traf_mode="5",
        traf_no="CA176",
        voyage_no="20260313",
        bill_no="999-12345675",
        country="601",
        ems_no=None,
        area_code=None,
        area_name=None,
        lines=lines,
    )
    return replace(draft, inventory=direct, waybill=replace(draft.waybill, bill_no="999-12345675"))


def context(**changes) -> MessageContext:
    """A declaring context with a fixed time (guids stay random unless ``make_guid`` is given)."""
    return replace(MessageContext(sender=PLATFORM, app_time=APP_TIME), **changes)
