"""Small helpers to look into built XML in tests."""

from lxml import etree

CEB = "http://www.chinaport.gov.cn/ceb"
DS = "http://www.w3.org/2000/09/xmldsig#"


def root_of(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def children(element: etree._Element) -> list[str]:
    """Local names of the element children, in document order."""
    return [etree.QName(child).localname for child in element]


def find(element: etree._Element, path: str) -> etree._Element:
    """``find`` with ``ceb:`` paths, e.g. ``ceb:Order/ceb:OrderHead``."""
    found = element.find(path, namespaces={"ceb": CEB, "ds": DS})
    assert found is not None, path
    return found


def text(element: etree._Element, path: str) -> str:
    return find(element, path).text


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
