from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories.orders import cart_with, shopper, stocked_offer
from xborder.checkout.services import buyer_cart, place_order
from xborder.duties.selectors import annual_used
from xborder.inventory.models import StockItem
from xborder.orders.models import Order
from xborder.orders.services import expire_unpaid_orders, mark_orders_paid, unpaid_timeout
from xborder.orders.states import Status
from xborder.orders.tasks import expire_unpaid_orders as expire_task


@pytest.fixture
def placed(db):
    buyer = shopper()
    offer = stocked_offer(quantity=3)
    cart_with(buyer, (offer, 2))
    checkout = place_order(
        buyer=buyer, cart=buyer_cart(user=buyer), address=buyer.addresses.first(), idempotency_key="expiry-key-1"
    )
    return checkout.orders.get(), offer


def test_orders_wait_30_minutes_for_payment_by_default(settings):
    settings.XBORDER = {k: v for k, v in settings.XBORDER.items() if k != "ORDER_UNPAID_MINUTES"}
    assert unpaid_timeout() == timedelta(minutes=30)
    settings.XBORDER = settings.XBORDER | {"ORDER_UNPAID_MINUTES": 5}
    assert unpaid_timeout() == timedelta(minutes=5)


@pytest.mark.django_db
def test_an_unpaid_order_expires_and_releases_stock_and_quota(placed):
    order, offer = placed
    id_hash = order.buyer.identity.id_hash
    year = timezone.localdate().year
    assert annual_used(id_hash, year) > 0

    expired = expire_unpaid_orders(now=timezone.now() + timedelta(minutes=31))

    order.refresh_from_db()
    assert (expired, order.status) == (1, Status.CANCELLED)
    assert order.packages.get().status == Status.CANCELLED
    assert StockItem.objects.get(variant=offer.variant).reserved == 0
    assert annual_used(id_hash, year) == Decimal("0.00")
    assert order.timeline.filter(to_status="cancelled", actor_label="expiry task").count() == 2


@pytest.mark.django_db
def test_an_order_is_not_expired_before_its_time(placed):
    assert expire_unpaid_orders(now=timezone.now() + timedelta(minutes=29)) == 0
    assert Order.objects.get().status == Status.PENDING_PAYMENT


@pytest.mark.django_db
def test_expiry_is_idempotent(placed):
    later = timezone.now() + timedelta(minutes=31)

    assert expire_unpaid_orders(now=later) == 1
    assert expire_unpaid_orders(now=later) == 0
    assert StockItem.objects.get(variant=placed[1].variant).reserved == 0


@pytest.mark.django_db
def test_a_paid_order_never_expires(placed):
    order, offer = placed
    mark_orders_paid(order_ids=[order.pk])
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(hours=1))

    assert expire_task.delay().get() == 0
    assert StockItem.objects.get(variant=offer.variant).reserved == 2


def test_the_expiry_task_runs_every_minute_under_beat():
    from xborder.celery import app

    assert app.conf.beat_schedule["orders.expire_unpaid"]["task"] == "xborder.orders.tasks.expire_unpaid_orders"


@pytest.mark.django_db
def test_cancelling_after_the_quota_was_already_released_still_cancels(placed):
    from xborder.duties.services import release_quota

    order, offer = placed
    release_quota(package_ref=order.packages.get().number, reason="customs rejected")

    expire_unpaid_orders(now=timezone.now() + timedelta(minutes=31))

    assert Order.objects.get(pk=order.pk).status == Status.CANCELLED
    assert StockItem.objects.get(variant=offer.variant).reserved == 0
