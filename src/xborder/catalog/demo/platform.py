"""The demo platform around the catalog: FX rates, stores, warehouses, the agency, the category tree, brands
and one demo account per role. Every function finds its rows by natural key first, so a second run is a no-op.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.text import slugify

from xborder.accounts.models import Address, Identity, User
from xborder.accounts.services import save_address, verify_identity
from xborder.catalog.demo.assortment import DEPARTMENTS
from xborder.catalog.models import Brand, Category
from xborder.duties.models import HsRate, PositiveListEntry
from xborder.duties.services import load_hs_rates, load_positive_list
from xborder.duties.tables import HS_RATES_CSV, POSITIVE_LIST_CSV, parse_hs_rates, parse_positive_list
from xborder.inventory.models import Warehouse, WarehouseKind
from xborder.pricing.models import Currency, FxRate
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

HOME_CURRENCY = "CNY"
FX_SOURCE = "demo"
FX_VALID_FROM = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
# CNY per unit of each currency, in line with late-2026 market rates.
FX_RATES_TO_CNY = {
    "USD": Decimal("7.0850"),
    "EUR": Decimal("8.2310"),
    "GBP": Decimal("9.3520"),
    "JPY": Decimal("0.046720"),
    "KRW": Decimal("0.0049650"),
    "AUD": Decimal("4.6480"),
    "NZD": Decimal("4.1150"),
    "CAD": Decimal("5.0820"),
    "HKD": Decimal("0.91060"),
}

DEMO_EMAIL_DOMAIN = "demo.xborder.example"
DEMO_PASSWORD = "xborder-demo-2026"


@dataclass(frozen=True)
class StoreSpec:
    slug: str
    name: str
    name_zh: str
    kind: str
    country: str
    currency: str
    description: str
    # Origin countries whose goods this store sells (direct mail or postal); empty for the bonded and B2B stores.
    sources: tuple[str, ...] = ()


STORES = (
    StoreSpec(
        "xborder-global", "xborder Global Self-operated", "环球直营", StoreKind.SELF_OPERATED, "CN", "CNY",
        "The platform's own store: bestsellers bought in bulk and shipped from bonded warehouses in 1-3 days.",
    ),
    StoreSpec(
        "tokyo-select", "Tokyo Select", "东京优选", StoreKind.OVERSEAS_MERCHANT, "JP", "JPY",
        "A Tokyo retailer of Japanese skincare, baby care and gadgets, shipping from Osaka.", ("JP",),
    ),
    StoreSpec(
        "seoul-beauty-house", "Seoul Beauty House", "首尔美妆屋", StoreKind.OVERSEAS_MERCHANT, "KR", "KRW",
        "K-beauty and snacks straight from Seoul.", ("KR",),
    ),
    StoreSpec(
        "pacific-coast-market", "Pacific Coast Market", "太平洋海岸商城", StoreKind.OVERSEAS_MERCHANT, "US", "USD",
        "Vitamins, coffee, electronics and books from California and Canada.", ("US", "CA"),
    ),
    StoreSpec(
        "berlin-kaufhaus", "Berlin Kaufhaus", "柏林百货", StoreKind.OVERSEAS_MERCHANT, "DE", "EUR",
        "German and Central European brands: baby formula, kitchenware, watches and toys.",
        ("DE", "NL", "CH", "DK", "AT"),
    ),
    StoreSpec(
        "maison-paris", "Maison Paris", "巴黎之家", StoreKind.OVERSEAS_MERCHANT, "FR", "EUR",
        "French, Italian and Spanish fashion, wine and beauty.", ("FR", "IT", "ES", "IE", "GB"),
    ),
    StoreSpec(
        "sydney-natural", "Sydney Natural", "悉尼自然", StoreKind.OVERSEAS_MERCHANT, "AU", "AUD",
        "Health supplements, honey and formula from Australia and New Zealand.", ("AU", "NZ"),
    ),
    StoreSpec(
        "yuki-japan-picks", "Yuki's Japan Picks", "由纪日本代购", StoreKind.PERSONAL_SHOPPER, "JP", "JPY",
        "A personal shopper in Tokyo who buys from department stores on request.", ("JP",),
    ),
    StoreSpec(
        "emma-london-finds", "Emma's London Finds", "艾玛伦敦好物", StoreKind.PERSONAL_SHOPPER, "GB", "GBP",
        "A personal shopper in London for British and European brands.", ("GB", "FR", "IT", "CH", "ES", "IE"),
    ),
    StoreSpec(
        "mia-nyc-picks", "Mia's NYC Picks", "米娅纽约代购", StoreKind.PERSONAL_SHOPPER, "US", "USD",
        "A personal shopper in New York for American brands.", ("US", "CA"),
    ),
    StoreSpec(
        "harbour-trading-hk", "Harbour Trading (HK)", "港湾贸易", StoreKind.B2B_SUPPLIER, "HK", "HKD",
        "A Hong Kong importer supplying general-trade goods, duty paid, from Shanghai.",
    ),
    StoreSpec(
        "kiwi-dairy-export", "Kiwi Dairy Export", "新西兰乳品出口", StoreKind.B2B_SUPPLIER, "NZ", "NZD",
        "A New Zealand exporter of dairy and honey, general trade, duty paid.",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class WarehouseSpec:
    code: str
    name: str
    kind: str
    country: str
    city: str
    address: str
    operator: str = ""
    customs_code: str = ""
    area_code: str = ""
    ems_no: str = ""


WAREHOUSES = (
    WarehouseSpec(
        "cn-ningbo-meishan", "Ningbo Meishan Bonded Port", WarehouseKind.BONDED, "CN", "Ningbo",
        "宁波市北仑区梅山保税港区成山路1号", "xborder-global", "3105", "3105W6", "T3105W000001",
    ),
    WarehouseSpec(
        "cn-hangzhou-xiasha", "Hangzhou Xiasha Comprehensive Bonded Zone", WarehouseKind.BONDED, "CN", "Hangzhou",
        "杭州市钱塘区下沙综合保税区12号大街", "xborder-global", "2991", "2991W1", "T2991W000021",
    ),
    WarehouseSpec(
        "cn-guangzhou-nansha", "Guangzhou Nansha Bonded Port", WarehouseKind.BONDED, "CN", "Guangzhou",
        "广州市南沙区龙穴大道南南沙保税港区", "xborder-global", "5165", "5165W2", "T5165W000108",
    ),
    WarehouseSpec(
        "cn-zhengzhou-xinzheng", "Zhengzhou Xinzheng Comprehensive Bonded Zone", WarehouseKind.BONDED, "CN",
        "Zhengzhou", "郑州市航空港区新郑综合保税区", "xborder-global", "4606", "4606W3", "T4606W000057",
    ),
    WarehouseSpec(
        "cn-shanghai-jiading", "Shanghai Jiading Distribution Centre", WarehouseKind.DOMESTIC, "CN", "Shanghai",
        "上海市嘉定区安亭镇墨玉路88号", "harbour-trading-hk",
    ),
    WarehouseSpec(
        "jp-osaka", "Osaka Export Centre", WarehouseKind.OVERSEAS, "JP", "Osaka",
        "1-2-3 Nankokita, Suminoe-ku, Osaka", "tokyo-select",
    ),
    WarehouseSpec(
        "jp-tokyo", "Tokyo Shopper Hub", WarehouseKind.OVERSEAS, "JP", "Tokyo",
        "4-5-6 Heiwajima, Ota-ku, Tokyo", "yuki-japan-picks",
    ),
    WarehouseSpec(
        "kr-seoul", "Seoul Gimpo Logistics", WarehouseKind.OVERSEAS, "KR", "Seoul",
        "112 Haneul-gil, Gangseo-gu, Seoul", "seoul-beauty-house",
    ),
    WarehouseSpec(
        "us-los-angeles", "Los Angeles Fulfilment", WarehouseKind.OVERSEAS, "US", "Los Angeles",
        "2100 E Carson St, Carson, CA 90810", "pacific-coast-market",
    ),
    WarehouseSpec(
        "us-new-york", "New York Shopper Hub", WarehouseKind.OVERSEAS, "US", "New York",
        "145-50 Rockaway Blvd, Jamaica, NY 11436", "mia-nyc-picks",
    ),
    WarehouseSpec(
        "de-frankfurt", "Frankfurt Air Cargo Warehouse", WarehouseKind.OVERSEAS, "DE", "Frankfurt",
        "Cargo City Süd, Gebäude 558, 60549 Frankfurt am Main", "berlin-kaufhaus",
    ),
    WarehouseSpec(
        "fr-paris", "Paris Roissy Warehouse", WarehouseKind.OVERSEAS, "FR", "Paris",
        "Rue du Te, 95700 Roissy-en-France", "maison-paris",
    ),
    WarehouseSpec(
        "gb-london", "London Heathrow Shopper Hub", WarehouseKind.OVERSEAS, "GB", "London",
        "Shoreham Rd E, Hounslow TW6 3UA", "emma-london-finds",
    ),
    WarehouseSpec(
        "au-sydney", "Sydney Mascot Warehouse", WarehouseKind.OVERSEAS, "AU", "Sydney",
        "21 O'Riordan St, Alexandria NSW 2015", "sydney-natural",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class AccountSpec:
    key: str
    email: str
    display_name: str
    role: str
    is_staff: bool = False
    is_superuser: bool = False
    is_creator: bool = False
    store: str = ""
    store_role: str = ""
    agency: bool = False


def _email(local: str) -> str:
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


ACCOUNTS = (
    AccountSpec("buyer", _email("buyer"), "Wang Xiaoming", "buyer (verified identity, Shanghai address)"),
    AccountSpec("buyer2", _email("buyer2"), "Li Na", "buyer (no identity yet)"),
    AccountSpec(
        "merchant", _email("merchant"), "Sato Haruka", "store member: Tokyo Select (JP)",
        store="tokyo-select", store_role=StoreRole.OWNER,
    ),
    AccountSpec(
        "selfop", _email("selfop"), "Zhou Min", "store member: xborder Global (self-operated)",
        store="xborder-global", store_role=StoreRole.MANAGER,
    ),
    AccountSpec("agency", _email("agency"), "Chen Jie", "agency member: Lotus Partners", agency=True),
    AccountSpec("creator", _email("creator"), "Lin Yue", "creator", is_creator=True),
    AccountSpec("operator", _email("operator"), "Operator Desk", "operator staff (group Operators)", is_staff=True),
    AccountSpec("admin", _email("admin"), "Platform Admin", "superuser", is_staff=True, is_superuser=True),
)  # fmt: skip

AGENCY_SLUG = "lotus-partners"
OPERATORS_GROUP = "Operators"
BUYER_IDENTITY = {"name": "王小明", "id_number": "110101199003070011"}
BUYER_ADDRESS = {
    "recipient": "王小明",
    "phone": "13812345678",
    "province": "上海市",
    "city": "上海市",
    "district": "浦东新区",
    "district_code": "310115",
    "detail": "世纪大道100号 环球金融中心8楼",
    "postal_code": "200120",
}


@dataclass
class Platform:
    """What the catalog generator needs, looked up once: stores, warehouses, categories and brands by key."""

    stores: dict[str, Store] = field(default_factory=dict)
    warehouses: dict[str, Warehouse] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    brands: dict[str, Brand] = field(default_factory=dict)


def ensure_fx_rates() -> int:
    """One demo rate to CNY per currency; existing demo rates are left alone. Returns how many were added."""
    existing = set(FxRate.objects.filter(source=FX_SOURCE, quote_id=HOME_CURRENCY).values_list("base_id", flat=True))
    missing = [
        FxRate(base_id=code, quote_id=HOME_CURRENCY, rate=rate, source=FX_SOURCE, valid_from=FX_VALID_FROM)
        for code, rate in FX_RATES_TO_CNY.items()
        if code not in existing
    ]
    FxRate.objects.bulk_create(missing)
    return len(missing)


def ensure_stores() -> dict[str, Store]:
    stores = {store.slug: store for store in Store.objects.filter(slug__in=[spec.slug for spec in STORES])}
    for spec in STORES:
        if spec.slug in stores:
            continue
        stores[spec.slug] = Store.objects.create(
            slug=spec.slug,
            name=spec.name,
            name_zh=spec.name_zh,
            kind=spec.kind,
            country=spec.country,
            currency=Currency.objects.get(code=spec.currency),
            status=StoreStatus.APPROVED,
            description=spec.description,
            return_window_days=7 if spec.kind != StoreKind.B2B_SUPPLIER else 0,
        )
    return stores


def ensure_warehouses(stores: dict[str, Store]) -> dict[str, Warehouse]:
    warehouses = {house.code: house for house in Warehouse.objects.filter(code__in=[spec.code for spec in WAREHOUSES])}
    for spec in WAREHOUSES:
        if spec.code in warehouses:
            continue
        warehouses[spec.code] = Warehouse.objects.create(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            country=spec.country,
            city=spec.city,
            address=spec.address,
            operator=stores.get(spec.operator),
            customs_code=spec.customs_code,
            area_code=spec.area_code,
            ems_no=spec.ems_no,
        )
    return warehouses


def ensure_categories() -> dict[str, Category]:
    """The department tree: every department a root, its subcategories below; keyed by path."""
    categories = {category.path: category for category in Category.objects.all()}
    for position, department in enumerate(DEPARTMENTS):
        root = categories.get(department.slug)
        if root is None:
            root = Category.objects.create(
                slug=department.slug, name=department.name, name_zh=department.name_zh, position=position
            )
            categories[root.path] = root
        for sub_position, (slug, name, name_zh) in enumerate(department.subs):
            if f"{root.path}/{slug}" not in categories:
                child = Category.objects.create(
                    parent=root, slug=slug, name=name, name_zh=name_zh, position=sub_position
                )
                categories[child.path] = child
    return categories


def ensure_brands() -> dict[str, Brand]:
    specs = {brand.name: brand for department in DEPARTMENTS for brand in department.brands}
    brands = {brand.name: brand for brand in Brand.objects.filter(name__in=list(specs))}
    missing = [
        Brand(name=spec.name, name_zh=spec.name_zh, slug=slugify(spec.name), country=spec.country)
        for name, spec in specs.items()
        if name not in brands
    ]
    for brand in Brand.objects.bulk_create(missing):
        brands[brand.name] = brand
    return brands


def ensure_duty_tables() -> None:
    """Load the shipped HS rate table and positive list when the database has none, so demo goods can be taxed."""
    if not HsRate.objects.exists():
        load_hs_rates(parse_hs_rates(HS_RATES_CSV.read_text(encoding="utf-8")))
    if not PositiveListEntry.objects.exists():
        load_positive_list(parse_positive_list(POSITIVE_LIST_CSV.read_text(encoding="utf-8")))


def ensure_platform() -> Platform:
    ensure_fx_rates()
    ensure_duty_tables()
    stores = ensure_stores()
    return Platform(
        stores=stores,
        warehouses=ensure_warehouses(stores),
        categories=ensure_categories(),
        brands=ensure_brands(),
    )


def _operator_permissions():
    editable = Q(content_type__app_label__in=["catalog", "sellers"]) & (
        Q(codename__startswith="view_") | Q(codename__startswith="change_")
    )
    return Permission.objects.filter(editable | Q(content_type__app_label="accounts", codename="view_identity"))


def ensure_operators_group() -> Group:
    group, _ = Group.objects.get_or_create(name=OPERATORS_GROUP)
    missing = _operator_permissions().exclude(group=group)
    if missing.exists():
        group.permissions.add(*missing)
    return group


def ensure_accounts(stores: dict[str, Store]) -> dict[str, User]:
    """One demo account per role, plus an owner for every demo store; all share ``DEMO_PASSWORD``.

    The password is hashed once: hashing it per user would dominate the run time of the demo.
    """
    users = {user.email: user for user in User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")}
    hashed = None
    wanted = list(ACCOUNTS) + [
        AccountSpec(
            f"owner-{store_slug}", _email(f"owner.{store_slug}"), f"{stores[store_slug].name} owner",
            "store owner", store=store_slug, store_role=StoreRole.OWNER,
        )
        for store_slug in sorted(stores)
        if store_slug not in {spec.store for spec in ACCOUNTS}
    ]  # fmt: skip
    accounts = {}
    for spec in wanted:
        user = users.get(spec.email)
        if user is None:
            hashed = hashed or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                email=spec.email,
                password=hashed,
                display_name=spec.display_name,
                is_staff=spec.is_staff,
                is_superuser=spec.is_superuser,
                is_creator=spec.is_creator,
            )
        accounts[spec.key] = user
        if spec.store:
            StoreMember.objects.get_or_create(store=stores[spec.store], user=user, defaults={"role": spec.store_role})
    _attach_roles(accounts)
    return accounts


def _attach_roles(accounts: dict[str, User]) -> None:
    agency, _ = Agency.objects.get_or_create(slug=AGENCY_SLUG, defaults={"name": "Lotus Partners 莲花代运营"})
    AgencyMember.objects.get_or_create(agency=agency, user=accounts["agency"], defaults={"role": AgencyRole.ADMIN})
    operators = ensure_operators_group()
    if not accounts["operator"].groups.filter(pk=operators.pk).exists():
        accounts["operator"].groups.add(operators)
    buyer = accounts["buyer"]
    if not Identity.objects.filter(user=buyer).exists():
        verify_identity(user=buyer, verifier="demo", **BUYER_IDENTITY)
    if not Address.objects.filter(user=buyer).exists():
        save_address(user=buyer, data=BUYER_ADDRESS, make_default=True)
