"""factory_boy factories for every model of the foundation; import them from ``tests.factories``."""

from tests.factories.accounts import AddressFactory, IdentityFactory, StaffFactory, UserFactory
from tests.factories.catalog import (
    BrandFactory,
    CategoryFactory,
    OfferFactory,
    ProductFactory,
    ProductImageFactory,
    VariantFactory,
)
from tests.factories.inventory import StockItemFactory, WarehouseFactory
from tests.factories.pricing import FxRateFactory
from tests.factories.sellers import AgencyFactory, AgencyMemberFactory, StoreFactory, StoreMemberFactory

__all__ = [
    "AddressFactory", "AgencyFactory", "AgencyMemberFactory", "BrandFactory", "CategoryFactory", "FxRateFactory",
    "IdentityFactory", "OfferFactory", "ProductFactory", "ProductImageFactory", "StaffFactory", "StockItemFactory",
    "StoreFactory", "StoreMemberFactory", "UserFactory", "VariantFactory", "WarehouseFactory",
]  # fmt: skip
