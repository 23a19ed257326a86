import factory

from tests.factories.accounts import UserFactory
from xborder.sellers.models import (
    Agency,
    AgencyMember,
    AgencyRole,
    Store,
    StoreKind,
    StoreMember,
    StoreRole,
    StoreStatus,
)


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store

    name = factory.Sequence(lambda n: f"Store {n}")
    slug = factory.Sequence(lambda n: f"store-{n}")
    kind = StoreKind.OVERSEAS_MERCHANT
    country = "JP"
    currency_id = "JPY"
    status = StoreStatus.APPROVED


class StoreMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoreMember

    store = factory.SubFactory(StoreFactory)
    user = factory.SubFactory(UserFactory)
    role = StoreRole.MANAGER


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")


class AgencyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyMember

    agency = factory.SubFactory(AgencyFactory)
    user = factory.SubFactory(UserFactory)
    role = AgencyRole.STAFF
