"""The element sequences of every CEB message part, in XSD order (REGULATION §6.4).

Declaration heads start with the envelope fields ``guid, appType, appTime, appStatus``, which the
builders write from the :class:`~xborder.customs.messages.envelope.MessageContext`; the tables
below list what follows them. Keep these tables and ``xsd/*.xsd`` in step: the golden-structure
tests compare both with the field lists of the standard.
"""

from __future__ import annotations

from xborder.customs.messages.fields import Field, Kind

CURRENCY = Field("currency", const="142")
ID_TYPE_BUYER = Field("buyerIdType", const="1")
ID_TYPE_PAYER = Field("payerIdType", const="1")
PACK_NO = Field("packNo", const="1")
_D = Kind.DECIMAL

ORDER_HEAD = (
    Field("orderType", const="I"),
    Field("orderNo"),
    Field("ebpCode"),
    Field("ebpName"),
    Field("ebcCode"),
    Field("ebcName"),
    Field("goodsValue", _D),
    Field("freight", _D),
    Field("discount", _D),
    Field("taxTotal", _D),
    Field("acturalPaid", _D),
    CURRENCY,
    Field("buyerRegNo"),
    Field("buyerName"),
    Field("buyerTelephone"),
    ID_TYPE_BUYER,
    Field("buyerIdNumber"),
    Field("payCode"),
    Field("payName"),
    Field("payTransactionId"),
    Field("batchNumbers"),
    Field("consignee"),
    Field("consigneeTelephone"),
    Field("consigneeAddress"),
    Field("consigneeDistrict"),
    Field("note"),
)

ORDER_LIST = (
    Field("gnum", Kind.INTEGER),
    Field("itemNo"),
    Field("itemName"),
    Field("gmodel"),
    Field("itemDescribe"),
    Field("barCode"),
    Field("unit"),
    Field("qty", _D),
    Field("price", _D),
    Field("totalPrice", _D),
    CURRENCY,
    Field("country"),
    Field("note"),
)

PAYMENT_HEAD = (
    Field("payCode"),
    Field("payName"),
    Field("payTransactionId"),
    Field("orderNo"),
    Field("ebpCode"),
    Field("ebpName"),
    ID_TYPE_PAYER,
    Field("payerIdNumber"),
    Field("payerName"),
    Field("telephone"),
    Field("amountPaid", _D),
    CURRENCY,
    Field("payTime", Kind.DATETIME),
    Field("note"),
)

LOGISTICS_HEAD = (
    Field("logisticsCode"),
    Field("logisticsName"),
    Field("logisticsNo"),
    Field("billNo"),
    Field("orderNo"),
    Field("freight", _D),
    Field("insuredFee", _D),
    CURRENCY,
    Field("weight", _D),
    PACK_NO,
    Field("goodsInfo"),
    Field("consignee"),
    Field("consigneeAddress"),
    Field("consigneeTelephone"),
    Field("note"),
)

INVENTORY_HEAD = (
    Field("orderNo"),
    Field("ebpCode"),
    Field("ebpName"),
    Field("ebcCode"),
    Field("ebcName"),
    Field("logisticsNo"),
    Field("logisticsCode"),
    Field("logisticsName"),
    Field("copNo"),
    Field("preNo"),
    Field("assureCode"),
    Field("emsNo"),
    Field("invtNo"),
    Field("ieFlag", const="I"),
    Field("declTime", Kind.DATE),
    Field("customsCode"),
    Field("portCode"),
    Field("ieDate", Kind.DATE),
    ID_TYPE_BUYER,
    Field("buyerIdNumber"),
    Field("buyerName"),
    Field("buyerTelephone"),
    Field("consigneeAddress"),
    Field("agentCode"),
    Field("agentName"),
    Field("areaCode"),
    Field("areaName"),
    Field("tradeMode"),
    Field("trafMode"),
    Field("trafNo"),
    Field("voyageNo"),
    Field("billNo"),
    Field("loctNo"),
    Field("licenseNo"),
    Field("country"),
    Field("freight", _D),
    Field("insuredFee", _D),
    CURRENCY,
    Field("wrapType"),
    PACK_NO,
    Field("grossWeight", _D),
    Field("netWeight", _D),
    Field("note"),
)

INVENTORY_LIST = (
    Field("gnum", Kind.INTEGER),
    Field("itemRecordNo"),
    Field("itemNo"),
    Field("itemName"),
    Field("gcode"),
    Field("gname"),
    Field("gmodel"),
    Field("barCode"),
    Field("country"),
    Field("tradeCountry"),
    CURRENCY,
    Field("qty", _D),
    Field("unit"),
    Field("qty1", _D),
    Field("unit1"),
    Field("qty2", _D),
    Field("unit2"),
    Field("price", _D),
    Field("totalPrice", _D),
    Field("note"),
)

# CEB623 InvtCancel and CEB625 InvtRefundHead share one sequence.
CANCEL_HEAD = (
    Field("customsCode"),
    Field("orderNo"),
    Field("ebpCode"),
    Field("ebpName"),
    Field("ebcCode"),
    Field("ebcName"),
    Field("logisticsNo"),
    Field("logisticsCode"),
    Field("logisticsName"),
    Field("copNo"),
    Field("preNo"),
    Field("invtNo"),
    ID_TYPE_BUYER,
    Field("buyerIdNumber"),
    Field("buyerName"),
    Field("buyerTelephone"),
    Field("agentCode"),
    Field("agentName"),
    Field("reason"),
    Field("note"),
)

REFUND_LIST = (
    Field("gnum", Kind.INTEGER),
    Field("gcode"),
    Field("gname"),
    Field("qty", _D),
    Field("unit"),
    Field("note"),
)

_RETURN = (
    Field("returnStatus", Kind.INTEGER),
    Field("returnTime", Kind.RETURN_TIME),
    Field("returnInfo"),
)

ORDER_RETURN = (Field("guid"), Field("ebpCode"), Field("ebcCode"), Field("orderNo"), *_RETURN)
PAYMENT_RETURN = (Field("guid"), Field("payCode"), Field("payTransactionId"), *_RETURN)
LOGISTICS_RETURN = (Field("guid"), Field("logisticsCode"), Field("logisticsNo"), *_RETURN)
INVENTORY_RETURN = (
    Field("guid"),
    Field("customsCode"),
    Field("ebpCode"),
    Field("ebcCode"),
    Field("agentCode"),
    Field("copNo"),
    Field("preNo"),
    Field("invtNo"),
    *_RETURN,
)
MESSAGE_RETURN = (
    Field("guid"),
    Field("oriCopMsgId"),
    Field("oriMessageType"),
    Field("oriBizMessage"),
    *_RETURN,
)

TAX_HEAD = (
    Field("guid"),
    Field("returnTime", Kind.RETURN_TIME),
    Field("invtNo"),
    Field("taxNo"),
    Field("customsTax", _D),
    Field("valueAddedTax", _D),
    Field("consumptionTax", _D),
    Field("status", Kind.INTEGER),
    Field("entDutyNo"),
    Field("note"),
    Field("assureCode"),
    Field("ebcCode"),
    Field("logisticsCode"),
    Field("agentCode"),
    Field("customsCode"),
    Field("orderNo"),
    Field("logisticsNo"),
)

TAX_LIST = (
    Field("gnum", Kind.INTEGER),
    Field("gcode"),
    Field("taxPrice", _D),
    Field("customsTax", _D),
    Field("valueAddedTax", _D),
    Field("consumptionTax", _D),
)
