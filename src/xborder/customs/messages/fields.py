"""Element tables: how a dataclass field becomes a CEB element and back.

A message part is described once, as an ordered tuple of :class:`Field` (the XSD sequence of
REGULATION §6.4). Builders write the tuple in order; readers parse it back into the same
dataclasses. Values are written without float: ``Decimal`` is formatted with ``format(value, "f")``
so ``Decimal("92.82")`` stays ``92.82`` and never becomes ``92.8199999``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree

from xborder.customs import errors
from xborder.customs.errors import MessageBuildError

CEB_NS = "http://www.chinaport.gov.cn/ceb"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
NSMAP = {"ceb": CEB_NS}
CUSTOMS_TZ = ZoneInfo("Asia/Shanghai")


class Kind(Enum):
    """How a field's value is written in XML."""

    TEXT = "text"
    DECIMAL = "decimal"
    INTEGER = "integer"
    DATETIME = "datetime"
    DATE = "date"
    RETURN_TIME = "return_time"


@dataclass(frozen=True)
class Field:
    """One element of a sequence: its CEB tag, how it is written, and an optional fixed value."""

    tag: str
    kind: Kind = Kind.TEXT
    const: str | None = None

    @cached_property
    def attr(self) -> str:
        """The dataclass attribute that holds the value (snake_case of the tag)."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", self.tag).lower()


def ceb(tag: str) -> str:
    """The Clark name ``{ns}tag`` of a CEB element."""
    return f"{{{CEB_NS}}}{tag}"


def sub(parent: etree._Element, tag: str, text: str) -> etree._Element:
    """Append ``<ceb:tag>text</ceb:tag>`` to ``parent``."""
    child = etree.SubElement(parent, ceb(tag))
    child.text = text
    return child


def append_fields(parent: etree._Element, source: object, fields: Iterable[Field]) -> None:
    """Write ``fields`` of ``source`` under ``parent`` in table order, skipping optional ``None`` values."""
    for spec in fields:
        if spec.const is not None:
            sub(parent, spec.tag, spec.const)
            continue
        value = getattr(source, spec.attr)
        if value is not None:
            sub(parent, spec.tag, format_value(spec, value))


def read_fields(element: etree._Element, fields: Iterable[Field]) -> dict[str, Any]:
    """Read the non-constant ``fields`` under ``element`` into a dict of attribute -> value."""
    values: dict[str, Any] = {}
    for spec in fields:
        if spec.const is not None:
            continue
        child = element.find(ceb(spec.tag))
        values[spec.attr] = None if child is None else parse_value(spec.kind, child.text or "")
    return values


def format_value(spec: Field, value: object) -> str:
    """The XML text of ``value`` for ``spec``; raises ``MessageBuildError`` on a wrong type."""
    formatter = _FORMATTERS[spec.kind]
    return formatter(spec.tag, value)


def format_decimal(value: Decimal) -> str:
    """Fixed-point text of a finite ``Decimal`` (no exponent, scale kept): ``Decimal("1E+3")`` -> ``1000``."""
    return format(value, "f")


def format_datetime(value: datetime) -> str:
    """``YYYYMMDDhhmmss`` in customs (Beijing) time; naive datetimes are taken as Beijing time."""
    return _in_customs_time(value).strftime("%Y%m%d%H%M%S")


def format_return_time(value: datetime) -> str:
    """``YYYYMMDDhhmmssSSS`` (receipt time with milliseconds) in customs time."""
    local = _in_customs_time(value)
    return local.strftime("%Y%m%d%H%M%S") + f"{local.microsecond // 1000:03d}"


def parse_value(kind: Kind, text: str) -> Any:
    """The Python value of an element's text (the input was schema-validated before)."""
    if kind is Kind.TEXT:
        return text
    if kind is Kind.DECIMAL:
        return Decimal(text)
    if kind is Kind.INTEGER:
        return int(text)
    if kind is Kind.DATE:
        return datetime.strptime(text, "%Y%m%d").date()
    if kind is Kind.DATETIME:
        return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=CUSTOMS_TZ)
    stamp = datetime.strptime(text[:14], "%Y%m%d%H%M%S")
    return stamp.replace(microsecond=int(text[14:17]) * 1000, tzinfo=CUSTOMS_TZ)


def _in_customs_time(value: datetime) -> datetime:
    return value.astimezone(CUSTOMS_TZ) if value.tzinfo is not None else value


def _text(tag: str, value: object) -> str:
    if not isinstance(value, str):
        raise _invalid(tag, f"must be text, got {type(value).__name__}")
    return value


def _decimal(tag: str, value: object) -> str:
    if not isinstance(value, Decimal):
        raise MessageBuildError(
            code=errors.VALUE_NOT_DECIMAL,
            message=f"{tag} must be a Decimal, got {type(value).__name__}",
        )
    try:
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise _invalid(tag, "must be a finite number") from None
    return format_decimal(value)


def _integer(tag: str, value: object) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _invalid(tag, f"must be an integer, got {type(value).__name__}")
    return str(value)


def _datetime(tag: str, value: object) -> str:
    if not isinstance(value, datetime):
        raise _invalid(tag, f"must be a datetime, got {type(value).__name__}")
    return format_datetime(value)


def _date(tag: str, value: object) -> str:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise _invalid(tag, f"must be a date, got {type(value).__name__}")
    return value.strftime("%Y%m%d")


def _return_time(tag: str, value: object) -> str:
    if not isinstance(value, datetime):
        raise _invalid(tag, f"must be a datetime, got {type(value).__name__}")
    return format_return_time(value)


def _invalid(tag: str, reason: str) -> MessageBuildError:
    return MessageBuildError(code=errors.VALUE_INVALID, message=f"{tag} {reason}")


_FORMATTERS = {
    Kind.TEXT: _text,
    Kind.DECIMAL: _decimal,
    Kind.INTEGER: _integer,
    Kind.DATETIME: _datetime,
    Kind.DATE: _date,
    Kind.RETURN_TIME: _return_time,
}
