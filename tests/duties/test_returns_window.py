"""D10: which returns give the buyer's annual use and the tax back."""

from datetime import date

import pytest

from xborder.duties.regimes.china import return_releases_quota

RELEASED = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("applied_on", "back_on", "releases"),
    [
        pytest.param(date(2026, 3, 31), date(2026, 4, 15), True, id="applied_day_30_back_day_45"),
        pytest.param(date(2026, 4, 1), date(2026, 4, 10), False, id="applied_day_31"),
        pytest.param(date(2026, 3, 10), date(2026, 4, 16), False, id="back_day_46"),
        pytest.param(date(2026, 3, 10), None, False, id="goods_not_back_yet"),
        pytest.param(date(2026, 2, 28), date(2026, 3, 5), False, id="applied_before_release"),
    ],
)
def test_a_return_releases_quota_only_within_30_and_45_days(applied_on, back_on, releases):
    assert return_releases_quota(released_on=RELEASED, applied_on=applied_on, back_on=back_on) is releases
