"""``python -m xborder quote request.json`` and the admin pages of the rate table and ledger."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from xborder.duties.services import reserve_quota

from .cases import load_cases
from .factories import HsRateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", load_cases())
def test_the_cli_quotes_every_vector_like_the_api(shipped_tables, tmp_path, capsys, case):
    request = tmp_path / "request.json"
    request.write_text(json.dumps(case["request"]))

    call_command("quote", str(request))

    answer = json.loads(capsys.readouterr().out)
    assert (answer["treatment"], answer["total_tax"]) == (case["expect"]["treatment"], case["expect"]["total_tax"])


def test_the_cli_reports_a_bad_request_with_its_code(tmp_path):
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"regime": "china_cbec", "lines": []}))

    with pytest.raises(CommandError, match="empty_lines"):
        call_command("quote", str(request))


def test_the_cli_reports_invalid_json(tmp_path):
    request = tmp_path / "request.json"
    request.write_text("{not json")

    with pytest.raises(CommandError, match="invalid_input"):
        call_command("quote", str(request))


def test_the_rate_table_admin_filters_and_searches(admin_client):
    HsRateFactory(hs_code="3304990099", description="Beauty and skincare preparations")
    HsRateFactory(hs_code="9102110000", description="Wrist watches", vat_rate=Decimal("0.13"))

    response = admin_client.get("/admin/duties/hsrate/", {"q": "skincare", "vat_rate": "0.1300"})

    assert response.status_code == 200
    assert b"3304990099" in response.content
    assert b"9102110000" not in response.content


def test_the_ledger_admin_shows_entries_read_only(admin_client):
    entry = reserve_quota(id_hash="d" * 64, package_ref="PKG-9", amount=Decimal("100.00"))

    listing = admin_client.get("/admin/duties/quotaentry/", {"q": "PKG-9"})
    change = admin_client.get(f"/admin/duties/quotayear/{entry.quota_year_id}/change/")

    assert listing.status_code == 200 and b"PKG-9" in listing.content
    assert change.status_code == 200
    assert admin_client.get("/admin/duties/quotaentry/add/").status_code == 403
