from decimal import Decimal

import factory

from tests.factories.inventory import WarehouseFactory
from tests.factories.sellers import StoreFactory
from xborder.catalog.models import Brand, Category, FulfilmentMode, Offer, Product, ProductImage, Variant


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")
    country = "JP"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Product {n}")
    name_zh = factory.Sequence(lambda n: f"商品{n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    brand = factory.SubFactory(BrandFactory)
    category = factory.SubFactory(CategoryFactory)
    description = "A product."


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Variant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    name = "50 ml"
    hs_code = "3304990099"
    origin_country = "JP"
    net_weight_kg = Decimal("0.050")
    gross_weight_kg = Decimal("0.120")
    legal_unit = "ml"
    legal_quantity = Decimal("50")
    barcode = factory.Sequence(lambda n: f"49{n:011d}")


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    url = "/static/storefront/placeholder.svg"
    alt = "product"


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    store = factory.SubFactory(StoreFactory)
    variant = factory.SubFactory(VariantFactory)
    price = Decimal("3000")
    currency_id = factory.LazyAttribute(lambda o: o.store.currency_id)
    fulfilment_mode = FulfilmentMode.DIRECT_MAIL
    warehouse = factory.SubFactory(WarehouseFactory)
