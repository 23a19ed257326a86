"""Our XSDs (``xborder/customs/xsd``), safe XML parsing, and validation with stable error codes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from xborder.customs import errors
from xborder.customs.errors import CustomsError, MessageReadError
from xborder.customs.messages.fields import CEB_NS

XSD_DIR = Path(__file__).resolve().parent.parent / "xsd"
DECLARATION_TYPES = ("CEB311", "CEB411", "CEB511", "CEB621", "CEB623", "CEB625")
RECEIPT_TYPES = ("CEB312", "CEB412", "CEB512", "CEB622", "CEB624", "CEB626", "CEB816", "CEB900")
SIGNED_TYPES = frozenset({"CEB621", "CEB623", "CEB625"})
MAX_MESSAGE_BYTES = 10 * 1024 * 1024

# lxml parsers and schemas keep per-object error logs: one of each per thread.
_local = threading.local()


def declaration_schema() -> etree.XMLSchema:
    """The compiled schema of the six declaration messages (``ceb_declarations.xsd``)."""
    return _per_thread("declarations", lambda: _load_schema("ceb_declarations.xsd"))


def receipt_schema() -> etree.XMLSchema:
    """The compiled schema of receipts, the tax bill and error receipts (``ceb_receipts.xsd``)."""
    return _per_thread("receipts", lambda: _load_schema("ceb_receipts.xsd"))


def _parser() -> etree.XMLParser:
    return _per_thread(
        "parser",
        lambda: etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False),
    )


def _load_schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_DIR / name)))


def _per_thread(name: str, create: Callable[[], object]):
    value = getattr(_local, name, None)
    if value is None:
        value = create()
        setattr(_local, name, value)
    return value


def message_type_of(root: etree._Element) -> str | None:
    """``CEB311`` for ``<ceb:CEB311Message>``; ``None`` when the root is not a CEB message."""
    qname = etree.QName(root)
    if qname.namespace != CEB_NS or not qname.localname.endswith("Message"):
        return None
    return qname.localname.removesuffix("Message")


def parse_xml(data: bytes | str) -> etree._Element:
    """Parse untrusted XML without entities, DTDs or network; raises ``MessageReadError(xml_malformed)``."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_MESSAGE_BYTES:
        raise MessageReadError(code=errors.XML_MALFORMED, message="message larger than 10 MiB")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise MessageReadError(code=errors.XML_MALFORMED, message=f"not well-formed XML: {exc}") from None
    if root is None:
        raise MessageReadError(code=errors.XML_MALFORMED, message="empty document")
    if root.getroottree().docinfo.doctype:
        raise MessageReadError(code=errors.XML_MALFORMED, message="a document type declaration is not allowed")
    return root


def read_message(data: bytes | str, *, expected: tuple[str, ...]) -> tuple[str, etree._Element]:
    """Parse and schema-validate an incoming message whose type must be one of ``expected``."""
    root = parse_xml(data)
    message_type = message_type_of(root)
    if message_type not in expected:
        raise MessageReadError(
            code=errors.XML_WRONG_ROOT,
            message=f"root {etree.QName(root).text!r} is not one of {', '.join(expected)}",
        )
    schema = declaration_schema() if message_type in DECLARATION_TYPES else receipt_schema()
    validate(root, schema, error=MessageReadError, code=errors.XML_SCHEMA_INVALID)
    return message_type, root


def validate(
    root: etree._Element,
    schema: etree.XMLSchema,
    *,
    error: Callable[..., CustomsError],
    code: str,
) -> None:
    """Validate ``root`` against ``schema``; on failure raise ``error(code=...)`` listing every problem."""
    try:
        if schema.validate(root):
            return
    except etree.XMLSchemaValidateError as exc:
        raise error(code=code, message=f"schema validation could not run: {exc}") from None
    details = tuple(f"line {entry.line}: {entry.message}" for entry in schema.error_log)
    raise error(code=code, message=f"{message_type_of(root) or 'message'} does not match our XSD", details=details)
