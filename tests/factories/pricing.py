from decimal import Decimal

import factory
from django.utils import timezone

from xborder.pricing.models import FxRate


class FxRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FxRate

    base_id = "USD"
    quote_id = "CNY"
    rate = Decimal("7.1000")
    source = "test"
    valid_from = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))
