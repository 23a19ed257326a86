"""The buyer quota ledger (D7, D10): reserve at placement, commit on release, release on cancellation
or return; the annual use is the sum of entries, per calendar year in Asia/Shanghai."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from xborder.duties.errors import DutiesError
from xborder.duties.models import QuotaEntry
from xborder.duties.selectors import annual_used, buyer_context, package_quota_entries
from xborder.duties.services import QuotaReservation, commit_quota, release_quota, reserve_quota, reserve_quotas

pytestmark = pytest.mark.django_db
BUYER = "f" * 64
NOV_2026 = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


def reserve(amount: str, ref: str, at: datetime = NOV_2026, **kw) -> QuotaEntry:
    return reserve_quota(id_hash=BUYER, package_ref=ref, amount=Decimal(amount), at=at, **kw)


def test_annual_use_is_the_sum_of_the_ledger():
    reserve("1000.00", "P-1")
    reserve("2500.50", "P-2")

    assert annual_used(BUYER, 2026) == Decimal("3500.50")


def test_a_reservation_reaching_exactly_26000_is_accepted():
    reserve("21000.00", "P-1")

    reserve("5000.00", "P-2")

    assert annual_used(BUYER, 2026) == Decimal("26000.00")


def test_a_reservation_over_26000_by_a_cent_is_refused_and_writes_nothing():
    reserve("21000.00", "P-1")

    with pytest.raises(DutiesError) as refused:
        reserve("5000.01", "P-2")

    assert (refused.value.code, refused.value.status) == ("over_annual_limit", 409)
    assert QuotaEntry.objects.count() == 1


def test_the_year_is_the_calendar_year_in_shanghai():
    new_year_in_shanghai = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # 2027-01-01 00:30 in Shanghai
    reserve("25000.00", "P-1")

    reserve("25000.00", "P-2", at=new_year_in_shanghai)

    assert (annual_used(BUYER, 2026), annual_used(BUYER, 2027)) == (Decimal("25000.00"), Decimal("25000.00"))


def test_a_package_is_reserved_once():
    reserve("100.00", "P-1")

    with pytest.raises(DutiesError) as refused:
        reserve("100.00", "P-1")

    assert refused.value.code == "quota_transition_not_allowed"


def test_commit_keeps_the_use_and_leaves_an_audit_entry():
    reserve("800.00", "P-1")

    commit_quota(package_ref="P-1", actor="customs")

    assert annual_used(BUYER, 2026) == Decimal("800.00")
    assert [(e.kind, e.amount, e.actor) for e in package_quota_entries("P-1")] == [
        ("reserved", Decimal("800.00"), ""),
        ("committed", Decimal("0.00"), "customs"),
    ]


def test_cancellation_releases_the_whole_reservation():
    reserve("800.00", "P-1")

    release_quota(package_ref="P-1", reason="order cancelled")

    assert annual_used(BUYER, 2026) == Decimal("0.00")


def test_a_partial_return_releases_only_its_lines():
    reserve("800.00", "P-1")
    commit_quota(package_ref="P-1")

    release_quota(package_ref="P-1", amount=Decimal("300.00"), reason="return of line 2")

    assert annual_used(BUYER, 2026) == Decimal("500.00")


def test_more_than_the_package_holds_cannot_be_released():
    reserve("800.00", "P-1")
    release_quota(package_ref="P-1", amount=Decimal("500.00"), reason="partial return")

    with pytest.raises(DutiesError) as refused:
        release_quota(package_ref="P-1", amount=Decimal("300.01"), reason="second return")

    assert refused.value.code == "quota_transition_not_allowed"


def test_a_released_package_cannot_be_committed():
    reserve("800.00", "P-1")
    release_quota(package_ref="P-1", reason="customs rejected")

    with pytest.raises(DutiesError) as refused:
        commit_quota(package_ref="P-1")

    assert refused.value.code == "quota_transition_not_allowed"


def test_an_unknown_package_cannot_be_committed():
    with pytest.raises(DutiesError) as refused:
        commit_quota(package_ref="nope")

    assert (refused.value.code, refused.value.status) == ("quota_entry_not_found", 404)


def test_a_negative_reservation_is_refused():
    with pytest.raises(DutiesError) as refused:
        reserve("-1.00", "P-1")

    assert refused.value.code == "invalid_amount"


def test_capped_quantities_follow_reservations_and_releases():
    reserve("50.00", "P-1", quantities={"17019910": Decimal("1500")})
    reserve("20.00", "P-2", quantities={"17019910": Decimal("400")})

    release_quota(package_ref="P-1", reason="cancelled")

    context = buyer_context(BUYER, 2026)
    assert context.annual_used == Decimal("20.00")
    assert context.capped_quantities_used == {"17019910": Decimal("400")}


def reservations(*amounts: str) -> list[QuotaReservation]:
    return [QuotaReservation(package_ref=f"C-{index}", amount=Decimal(amount)) for index, amount in enumerate(amounts)]


def test_the_packages_of_one_checkout_are_reserved_together():
    reserve_quotas(id_hash=BUYER, reservations=reservations("1000.00", "2000.00", "3000.00"), at=NOV_2026)

    assert annual_used(BUYER, 2026) == Decimal("6000.00")
    assert sorted(package_quota_entries("C-2").values_list("kind", "amount")) == [("reserved", Decimal("3000.00"))]


def test_packages_of_one_checkout_that_together_pass_26000_are_all_refused():
    reserve("20000.00", "P-1")

    with pytest.raises(DutiesError) as refused:
        reserve_quotas(id_hash=BUYER, reservations=reservations("3000.00", "3000.01"), at=NOV_2026)

    assert (refused.value.code, refused.value.status) == ("over_annual_limit", 409)
    assert annual_used(BUYER, 2026) == Decimal("20000.00")
    assert not QuotaEntry.objects.filter(package_ref__startswith="C-").exists()


def test_a_package_reserved_twice_is_refused_and_writes_nothing():
    reserve("100.00", "C-1")

    with pytest.raises(DutiesError) as refused:
        reserve_quotas(id_hash=BUYER, reservations=reservations("50.00", "60.00"), at=NOV_2026)

    assert refused.value.code == "quota_transition_not_allowed"
    assert annual_used(BUYER, 2026) == Decimal("100.00")


@pytest.mark.parametrize("packages", [1, 5])
def test_reserving_a_checkout_takes_the_same_queries_for_1_or_5_packages(packages, django_assert_num_queries):
    reserve("100.00", "P-0")

    # savepoint, lock of the buyer's year, sum of the ledger, one INSERT, release
    with django_assert_num_queries(5):
        reserve_quotas(id_hash=BUYER, reservations=reservations(*["10.00"] * packages), at=NOV_2026)
