"""The daily agency-fee task charges the month that ended, once."""

import datetime as dt

import pytest

from xborder.settlement import tasks


@pytest.mark.django_db
def test_agency_fee_task_charges_the_month_that_ended(monkeypatch):
    months = []
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: dt.date(2026, 3, 1))
    monkeypatch.setattr(
        tasks.fees, "record_agency_fees", lambda *, month: months.append(month) or tasks.fees.FeeRun([], [])
    )
    assert tasks.record_last_months_agency_fees() == 0
    assert months == [dt.date(2026, 2, 28)]
