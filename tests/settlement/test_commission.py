"""Commission rules: store + category > store > kind + category > kind default; a category covers its subtree."""

from decimal import Decimal

import pytest

from tests.factories import CategoryFactory
from tests.factories.fulfilment import CommissionRuleFactory
from tests.factories.sellers import StoreFactory
from xborder.sellers.models import StoreKind
from xborder.settlement import selectors
from xborder.settlement.errors import SettlementError
from xborder.settlement.models import CommissionRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    beauty = CategoryFactory(slug="beauty")
    skincare = CategoryFactory(slug="skincare", parent=beauty)
    serum = CategoryFactory(slug="serum", parent=skincare)
    return beauty, skincare, serum


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        pytest.param([], "0.0500", id="kind-default-m2c-5pct"),
        pytest.param(["kind_cat"], "0.0200", id="kind-category-beats-kind-default"),
        pytest.param(["kind_cat", "store"], "0.0300", id="store-beats-kind-category"),
        pytest.param(["kind_cat", "store", "store_cat"], "0.0600", id="store-category-beats-store"),
        pytest.param(["kind_cat", "kind_subcat"], "0.0400", id="deepest-kind-category-wins"),
    ],
)
def test_commission_precedence(tree, rules, expected):
    beauty, skincare, serum = tree
    store = StoreFactory()
    other_store = StoreFactory()
    made = {
        "kind_cat": dict(store_kind=StoreKind.OVERSEAS_MERCHANT, category=beauty, rate=Decimal("0.02")),
        "kind_subcat": dict(store_kind=StoreKind.OVERSEAS_MERCHANT, category=skincare, rate=Decimal("0.04")),
        "store": dict(store=store, rate=Decimal("0.03")),
        "store_cat": dict(store=store, category=beauty, rate=Decimal("0.06")),
    }
    for name in rules:
        CommissionRuleFactory(**made[name])
    CommissionRuleFactory(store=other_store, category=beauty, rate=Decimal("0.99"))

    assert selectors.commission_rate(store=store, category=serum) == Decimal(expected)


def test_a_category_rule_does_not_cover_a_sibling_with_a_common_prefix(tree):
    beauty, _skincare, _serum = tree
    beautyware = CategoryFactory(slug="beautyware")
    CommissionRuleFactory(store_kind=StoreKind.OVERSEAS_MERCHANT, category=beauty, rate=Decimal("0.02"))

    assert selectors.commission_rate(store=StoreFactory(), category=beautyware) == Decimal("0.0500")


@pytest.mark.parametrize(
    ("kind", "rate"),
    [
        pytest.param(StoreKind.OVERSEAS_MERCHANT, "0.0500", id="m2c"),
        pytest.param(StoreKind.PERSONAL_SHOPPER, "0.0800", id="c2c-fee"),
        pytest.param(StoreKind.B2B_SUPPLIER, "0.0200", id="b2b-fee"),
    ],
)
def test_every_third_party_model_has_a_seeded_default(kind, rate):
    assert selectors.commission_rate(store=StoreFactory(kind=kind)) == Decimal(rate)


def test_a_kind_without_any_rule_is_an_error():
    CommissionRule.objects.filter(store_kind=StoreKind.B2B_SUPPLIER).delete()

    with pytest.raises(SettlementError) as error:
        selectors.commission_rate(store=StoreFactory(kind=StoreKind.B2B_SUPPLIER))

    assert error.value.code == "no_commission_rule"


def test_commission_look_up_is_one_query(tree, django_assert_num_queries):
    store = StoreFactory()
    CommissionRuleFactory(store=store, category=tree[0], rate=Decimal("0.06"))

    with django_assert_num_queries(1):
        selectors.commission_rate(store=store, category=tree[2])
