"""Golden files: the exact XML of the sample order, payment and waybill (pretty-printed, fixed guids).

The files were reviewed against the REGULATION §6.7 skeleton; a diff here means the wire format changed.
"""

import itertools
from pathlib import Path

import pytest
from lxml import etree

from tests.customs import samples
from xborder.customs.messages import (
    build_order_message,
    build_payment_message,
    build_waybill_message,
    read_declaration,
)

GOLDEN = Path(__file__).parent / "golden"


def _fixed_guids():
    counter = itertools.count(1)
    return lambda: f"00000000-0000-4000-8000-{next(counter):012d}"


def _pretty(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), pretty_print=True, xml_declaration=True, encoding="UTF-8")


CASES = [
    pytest.param("CEB311", build_order_message, samples.order(), id="CEB311"),
    pytest.param("CEB411", build_payment_message, samples.payment(), id="CEB411"),
    pytest.param("CEB511", build_waybill_message, samples.waybill(), id="CEB511"),
]


@pytest.mark.parametrize(("name", "build", "draft"), CASES)
def test_built_message_matches_its_golden_file(name, build, draft):
    built = build(draft, context=samples.context(make_guid=_fixed_guids()))

    assert _pretty(built.xml) == (GOLDEN / f"{name}.xml").read_bytes()


@pytest.mark.parametrize(("name", "build", "draft"), CASES)
def test_golden_file_is_valid_and_reads_back_into_the_draft(name, build, draft):
    received = read_declaration((GOLDEN / f"{name}.xml").read_bytes())

    assert received.message_type == name
    assert received.documents[0].draft == draft
