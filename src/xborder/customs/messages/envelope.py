"""The envelope shared by every CEB business message (REGULATION §6.2).

``<ceb:CEBxxxMessage guid=".." version="1.0">`` + business nodes + ``ceb:BaseTransfer`` + an
optional ``ds:Signature``; every declaration head opens with ``guid, appType, appTime, appStatus``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from lxml import etree

from xborder.customs.messages.fields import NSMAP, ceb, format_datetime, sub


class AppType(StrEnum):
    """``appType``: what the declaration does to the customs record."""

    NEW = "1"
    CHANGE = "2"
    DELETE = "3"


class AppStatus(StrEnum):
    """``appStatus``: ``1`` stores a draft at the e-port, ``2`` declares it to customs (signature due)."""

    STORED = "1"
    DECLARED = "2"


def new_guid() -> str:
    """A fresh 36-character uppercase GUID, as the standard requires for messages and heads."""
    return str(uuid.uuid4()).upper()


@dataclass(frozen=True)
class Sender:
    """``BaseTransfer``: the enterprise that transmits the message and its DXP endpoint."""

    cop_code: str
    cop_name: str
    dxp_id: str
    dxp_mode: str = "DXP"
    note: str | None = None


@dataclass(frozen=True)
class MessageContext:
    """Who sends a message, when, and whether it is a stored draft or a declaration.

    ``make_guid`` is injectable so tests can build byte-identical golden messages.
    """

    sender: Sender
    app_time: datetime
    app_type: AppType = AppType.NEW
    app_status: AppStatus = AppStatus.DECLARED
    make_guid: Callable[[], str] = field(default=new_guid)


def message_root(message_type: str, context: MessageContext) -> etree._Element:
    """The root ``<ceb:CEBxxxMessage guid version>`` of a new message."""
    return etree.Element(
        ceb(f"{message_type}Message"),
        attrib={"guid": context.make_guid(), "version": "1.0"},
        nsmap=NSMAP,
    )


def append_head_envelope(head: etree._Element, context: MessageContext) -> None:
    """Write ``guid, appType, appTime, appStatus`` that open every declaration head."""
    sub(head, "guid", context.make_guid())
    sub(head, "appType", context.app_type.value)
    sub(head, "appTime", format_datetime(context.app_time))
    sub(head, "appStatus", context.app_status.value)


def append_base_transfer(root: etree._Element, sender: Sender) -> None:
    """Write ``ceb:BaseTransfer`` after the business nodes."""
    transfer = etree.SubElement(root, ceb("BaseTransfer"))
    sub(transfer, "copCode", sender.cop_code)
    sub(transfer, "copName", sender.cop_name)
    sub(transfer, "dxpMode", sender.dxp_mode)
    sub(transfer, "dxpId", sender.dxp_id)
    if sender.note is not None:
        sub(transfer, "note", sender.note)
