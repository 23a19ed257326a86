"""What the demo platform sells: departments (top categories) with their subcategories, brands and product lines.

Every HS code is one of ``duties/data/hs_rates.csv`` so every demo product can be taxed; a brand's country
is the origin of its goods. Brands are fictional so the demo never misrepresents a real company's products.
Prices are CNY for the first size of a line; the generator converts them into each store's currency.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Size:
    """One pack size or model of a product line: its label, legal quantity (in the line's legal unit),
    net weight and price relative to the line's first size."""

    label: str
    label_zh: str
    legal_quantity: Decimal
    net_kg: Decimal
    price_factor: Decimal = Decimal(1)


@dataclass(frozen=True)
class Line:
    sub: str
    name: str
    name_zh: str
    hs_code: str
    legal_unit: str
    sizes: tuple[Size, ...]
    price_cny: int
    blurb: str
    blurb_zh: str


@dataclass(frozen=True)
class BrandSpec:
    """A brand; ``subs`` lists the subcategories it makes (empty: all of its department's)."""

    name: str
    name_zh: str
    country: str
    subs: tuple[str, ...] = ()

    def makes(self, line: "Line") -> bool:
        return not self.subs or line.sub in self.subs


@dataclass(frozen=True)
class Department:
    slug: str
    name: str
    name_zh: str
    subs: tuple[tuple[str, str, str], ...]
    brands: tuple[BrandSpec, ...]
    lines: tuple[Line, ...]
    modifiers: tuple[tuple[str, str], ...]
    weight: int = 1


def _d(value) -> Decimal:
    return Decimal(str(value))


def ml(quantity, net_kg, factor=1) -> Size:
    return Size(f"{quantity} ml", f"{quantity}毫升", _d(quantity), _d(net_kg), _d(factor))


def g(quantity, net_kg=None, factor=1) -> Size:
    return Size(f"{quantity} g", f"{quantity}克", _d(quantity), _d(net_kg or quantity / 1000), _d(factor))


def kg(quantity, factor=1, label="", label_zh="") -> Size:
    grams = int(_d(quantity) * 1000)
    return Size(label or f"{grams} g", label_zh or f"{grams}克", _d(quantity), _d(quantity), _d(factor))


def litre(quantity, factor=1) -> Size:
    """Wine by volume; its net weight is the liquid's (about 1 kg a litre), the bottle counts in the gross."""
    millilitres = int(_d(quantity) * 1000)
    return Size(f"{millilitres} ml", f"{millilitres}毫升", _d(quantity), _d(quantity), _d(factor))


def piece(label, label_zh, net_kg, factor=1, count=1) -> Size:
    return Size(label, label_zh, _d(count), _d(net_kg), _d(factor))


def pair(label, label_zh, net_kg, factor=1) -> Size:
    return Size(label, label_zh, Decimal(1), _d(net_kg), _d(factor))


def one(net_kg, label="Standard", label_zh="标准款", count=1) -> tuple[Size, ...]:
    return (piece(label, label_zh, net_kg, count=count),)


def colours(net_kg, factor=1) -> tuple[Size, ...]:
    return (
        piece("Black", "黑色", net_kg),
        piece("Ivory", "象牙白", net_kg, factor),
        piece("Burgundy", "酒红色", net_kg, factor),
    )


def shoe_sizes(net_kg) -> tuple[Size, ...]:
    return tuple(pair(f"EU {size}", f"欧码{size}", net_kg) for size in (37, 39, 41, 43))


def garment_sizes(net_kg) -> tuple[Size, ...]:
    return tuple(piece(size, f"{size}码", net_kg) for size in ("S", "M", "L"))


# fmt: off
BEAUTY = Department(
    "beauty",
    "Beauty & Skincare",
    "美妆护肤",
    (
        ("skincare", "Skincare", "护肤"),
        ("makeup", "Make-up", "彩妆"),
        ("fragrance", "Fragrance", "香水"),
        ("masks", "Face Masks", "面膜"),
        ("hair-body", "Hair & Body", "洗护"),
    ),
    (
        BrandSpec("Hanami Skin", "花见肌", "JP"),
        BrandSpec("Kyoto Botanica", "京都本草", "JP"),
        BrandSpec("Seoul Dew", "首尔朝露", "KR"),
        BrandSpec("Jeju Green Lab", "济州绿研", "KR"),
        BrandSpec("Maison Lumière", "光之屋", "FR"),
        BrandSpec("Provence Essentiel", "普罗旺斯精萃", "FR"),
        BrandSpec("Brooklyn Apothecary", "布鲁克林药房", "US"),
        BrandSpec("Bondi Botanicals", "邦迪植萃", "AU"),
    ),
    (
        Line(
            "skincare", "Hydrating Essence Lotion", "保湿精华水", "3304990099", "ml",
            (ml(150, 0.17), ml(300, 0.33, 1.8)), 280,
            "A light essence lotion that draws moisture into the skin and preps it for serum.",
            "质地清爽的精华水，为肌肤深层补水，帮助后续精华吸收。",
        ),
        Line(
            "skincare", "Moisturising Cream", "保湿面霜", "3304990099", "g",
            (g(50, 0.06), g(80, 0.09, 1.5)), 420,
            "A rich cream with ceramides that keeps dry skin comfortable all day.",
            "含神经酰胺的滋润面霜，长效保湿，改善干燥。",
        ),
        Line(
            "skincare", "Vitamin C Serum", "维C精华液", "3304990099", "ml",
            (ml(30, 0.04), ml(50, 0.06, 1.5)), 360,
            "A stabilised vitamin C serum that evens tone and brightens dull skin.",
            "稳定型维C精华，提亮肤色，淡化暗沉。",
        ),
        Line(
            "skincare", "UV Sunscreen SPF50+ PA++++", "防晒乳SPF50+ PA++++", "3304990099", "ml",
            (ml(60, 0.07), ml(90, 0.1, 1.4)), 160,
            "Water-resistant daily sunscreen with broad-spectrum protection and no white cast.",
            "高倍防晒，防水防汗，不泛白，适合日常通勤。",
        ),
        Line(
            "skincare", "Firming Eye Cream", "紧致眼霜", "3304990099", "g",
            (g(15, 0.02),), 520,
            "A firming eye cream with peptides for fine lines and puffiness.",
            "含多肽的紧致眼霜，淡化细纹，改善浮肿。",
        ),
        Line(
            "skincare", "Amino Acid Cleansing Foam", "氨基酸洁面泡沫", "3304990099", "g",
            (g(120, 0.13), g(200, 0.21, 1.5)), 120,
            "A gentle amino-acid cleanser that removes make-up and sunscreen without tightness.",
            "温和氨基酸洁面，洗去彩妆与防晒，洗后不紧绷。",
        ),
        Line(
            "masks", "Hydrating Sheet Mask (10 sheets)", "补水面膜（10片装）", "3304990010", "g",
            (g(250, 0.3),), 150,
            "Cotton sheet masks soaked in hyaluronic essence for an instant moisture boost.",
            "玻尿酸精华棉质面膜，快速补水。",
        ),
        Line(
            "makeup", "Matte Lipstick", "哑光口红", "3304100000", "g",
            (
                Size("01 Rosewood", "01 玫瑰木色", Decimal("3.5"), Decimal("0.03")),
                Size("02 Brick Red", "02 砖红色", Decimal("3.5"), Decimal("0.03")),
                Size("03 Nude Beige", "03 裸杏色", Decimal("3.5"), Decimal("0.03")),
            ), 260,
            "A long-wearing matte lipstick with a velvet finish that does not dry the lips.",
            "丝绒哑光质地，持久不拔干。",
        ),
        Line(
            "makeup", "Cushion Foundation SPF50", "气垫粉底SPF50", "3304990099", "g",
            (g(15, 0.08),), 290,
            "A dewy cushion foundation with buildable coverage and sun protection.",
            "水光气垫，遮瑕可叠加，兼具防晒。",
        ),
        Line(
            "makeup", "Pressed Setting Powder", "定妆蜜粉饼", "3304910000", "g",
            (g(10, 0.06),), 230,
            "A finely milled pressed powder that sets make-up and controls shine.",
            "细腻蜜粉饼，定妆控油。",
        ),
        Line(
            "makeup", "Volume Mascara", "浓密睫毛膏", "3304200000", "g",
            (g(8, 0.03),), 210,
            "A smudge-proof mascara that lifts and thickens lashes.",
            "防晕染睫毛膏，浓密卷翘。",
        ),
        Line(
            "fragrance", "Eau de Parfum", "淡香精", "3303000000", "ml",
            (ml(50, 0.25), ml(100, 0.4, 1.5)), 880,
            "A floral woody eau de parfum with notes of iris, pear and cedar.",
            "花香木质调淡香精，前调梨子，中调鸢尾，后调雪松。",
        ),
        Line(
            "hair-body", "Repair Shampoo", "修护洗发水", "3305100000", "ml",
            (ml(500, 0.53),), 140,
            "A sulphate-free shampoo that repairs colour-treated and damaged hair.",
            "无硫酸盐配方，修护染烫受损发质。",
        ),
    ),
    (
        ("Sakura", "樱花"), ("Gold", "黄金"), ("Sensitive", "敏感肌"), ("Night Repair", "夜间修护"),
        ("Brightening", "亮白"), ("Aqua", "水润"), ("Rose", "玫瑰"), ("Green Tea", "绿茶"),
        ("Ceramide", "神经酰胺"), ("Hyaluronic", "玻尿酸"), ("Rice", "大米"), ("Snail", "蜗牛"),
        ("Camellia", "山茶花"), ("Lavender", "薰衣草"), ("Cica", "积雪草"), ("Retinol", "视黄醇"),
        ("Peptide", "多肽"), ("Pearl", "珍珠"), ("Ginseng", "人参"), ("Yuzu", "柚子"),
    ),
    weight=3,
)

BABY = Department(
    "baby",
    "Infant Formula & Baby",
    "母婴用品",
    (
        ("infant-formula", "Infant Formula", "婴幼儿奶粉"),
        ("baby-food", "Baby Food", "辅食"),
        ("diapers", "Diapers", "纸尿裤"),
        ("baby-clothing", "Baby Clothing", "婴童服饰"),
    ),
    (
        BrandSpec("Alpenmilch Kinder", "阿尔卑斯童乳", "DE"),
        BrandSpec("Kiwi Pure Dairy", "纯净新西兰乳业", "NZ"),
        BrandSpec("Golden Wattle Nutrition", "金合欢营养", "AU"),
        BrandSpec("Hollandia Baby", "荷兰宝贝", "NL"),
        BrandSpec("Sakura Baby", "樱花宝宝", "JP"),
        BrandSpec("Little Maple Organics", "小枫叶有机", "CA"),
        BrandSpec("Petit Berceau", "小摇篮", "FR"),
        BrandSpec("Emerald Isle Infant", "翡翠岛婴儿", "IE"),
    ),
    (
        Line(
            "infant-formula", "Stage 1 Infant Formula (0-6 months)", "婴儿配方奶粉1段（0-6月龄）", "1901101000", "g",
            (g(800, 0.8), g(900, 0.9, 1.1)), 268,
            "A whole-milk infant formula with DHA, ARA and prebiotic GOS, close to breast milk.",
            "全脂奶源婴儿配方奶粉，添加DHA、ARA与低聚半乳糖，接近母乳。",
        ),
        Line(
            "infant-formula", "Stage 2 Follow-on Formula (6-12 months)", "较大婴儿配方奶粉2段（6-12月龄）",
            "1901101000", "g",
            (g(800, 0.8), g(900, 0.9, 1.1)), 258,
            "A follow-on formula with iron and vitamin D for babies starting solids.",
            "添加铁与维生素D，适合开始添加辅食的宝宝。",
        ),
        Line(
            "infant-formula", "Stage 3 Growing-up Milk (1-3 years)", "幼儿配方奶粉3段（1-3岁）", "1901101000", "g",
            (g(800, 0.8),), 238,
            "A growing-up milk for toddlers with calcium, zinc and milk fat globule membrane.",
            "幼儿成长奶粉，含钙、锌与乳脂球膜。",
        ),
        Line(
            "infant-formula", "A2 Protein Infant Formula", "A2蛋白婴儿配方奶粉", "1901101000", "g",
            (g(900, 0.9),), 318,
            "Made from milk of cows that produce only A2 beta-casein, gentle on little tummies.",
            "奶源仅含A2β-酪蛋白，更易消化吸收。",
        ),
        Line(
            "infant-formula", "Organic Goat Milk Formula", "有机羊奶配方奶粉", "1901101000", "g",
            (g(800, 0.8),), 348,
            "An organic goat milk formula for babies who prefer a milder taste.",
            "有机羊奶配方，口味温和。",
        ),
        Line(
            "baby-food", "Organic Rice Cereal", "有机婴儿米粉", "1901109000", "g",
            (g(227, 0.23),), 79,
            "Iron-fortified organic rice cereal, the first solid food for six-month-olds.",
            "强化铁有机米粉，6月龄宝宝的第一口辅食。",
        ),
        Line(
            "baby-food", "Fruit Puree Pouches (4 x 90 g)", "果泥吸吸袋（4袋x90克）", "1901109000", "g",
            (g(360, 0.4),), 69,
            "Organic apple, pear and banana purees with no added sugar.",
            "有机苹果、梨、香蕉果泥，无添加糖。",
        ),
        Line(
            "diapers", "Ultra-dry Diapers", "超薄干爽纸尿裤", "4818401000", "piece",
            (piece("Size M, 64 pcs", "M码64片", 1.9, count=64), piece("Size L, 54 pcs", "L码54片", 1.9, count=54)), 139,
            "Breathable diapers with a 12-hour dry core and wetness indicator.",
            "透气干爽，12小时吸收，尿显提示。",
        ),
        Line(
            "baby-clothing", "Organic Cotton Bodysuits (3-pack)", "有机棉连体衣（3件装）", "6111200000", "piece",
            (piece("59 cm", "59码", 0.25, count=3), piece("66 cm", "66码", 0.27, count=3)), 189,
            "Soft organic cotton bodysuits with envelope neck and snap closures.",
            "柔软有机棉，信封领设计，按扣穿脱方便。",
        ),
    ),
    (
        ("Gold", "金装"), ("Organic", "有机"), ("Pro", "专业"), ("Pure", "纯净"), ("HMO", "母乳低聚糖"),
        ("Grass-fed", "草饲"), ("Sensitive", "舒敏"), ("Comfort", "舒适"), ("Premium", "臻选"), ("Nature", "自然"),
    ),
    weight=2,
)

HEALTH = Department(
    "health",
    "Health Supplements",
    "营养保健",
    (
        ("vitamins", "Vitamins & Minerals", "维生素矿物质"),
        ("fish-oil", "Fish Oil & Omega-3", "鱼油"),
        ("probiotics", "Probiotics", "益生菌"),
        ("beauty-supplements", "Beauty Supplements", "美容营养"),
        ("health-devices", "Health Devices", "健康仪器"),
    ),
    (
        BrandSpec("Pacific Vital", "太平洋维康", "US", ("vitamins", "fish-oil", "probiotics", "beauty-supplements")),
        BrandSpec("Liberty Labs", "自由实验室", "US"),
        BrandSpec("Blue Mountain Health", "蓝山健康", "AU", ("vitamins", "fish-oil", "probiotics")),
        BrandSpec("Southern Cross Wellness", "南十字星", "AU", ("vitamins", "fish-oil", "beauty-supplements")),
        BrandSpec("Manuka Valley", "麦卢卡谷", "NZ", ("vitamins", "probiotics", "beauty-supplements")),
        BrandSpec("Nordsee Vital", "北海维他", "DE"),
        BrandSpec("Fuji Wellness", "富士健康", "JP"),
        BrandSpec("Rocky Ridge Naturals", "落基山天然", "CA", ("vitamins", "fish-oil", "probiotics")),
    ),
    (
        Line(
            "vitamins", "Multivitamin Tablets (120 tablets)", "复合维生素片（120片）", "2106909090", "g",
            (g(180, 0.18), g(360, 0.36, 1.8)), 198,
            "A once-daily multivitamin with 23 vitamins and minerals.",
            "每日一片，含23种维生素与矿物质。",
        ),
        Line(
            "vitamins", "Vitamin C 1000 mg (150 tablets)", "维生素C 1000毫克（150片）", "2106909090", "g",
            (g(210, 0.21),), 128,
            "High-strength vitamin C with rose hips for immune support.",
            "高含量维生素C，添加玫瑰果，支持免疫。",
        ),
        Line(
            "vitamins", "Calcium + Vitamin D3 (200 tablets)", "钙+维生素D3（200片）", "2106909090", "g",
            (g(300, 0.3),), 118,
            "Calcium with vitamin D3 for bones and teeth.",
            "钙与维生素D3，强健骨骼牙齿。",
        ),
        Line(
            "fish-oil", "Omega-3 Fish Oil 1000 mg (400 capsules)", "深海鱼油1000毫克（400粒）", "2106909090", "g",
            (g(560, 0.56), g(280, 0.28, 0.6)), 168,
            "Wild-caught fish oil with EPA and DHA for heart and brain health.",
            "野生深海鱼油，富含EPA与DHA。",
        ),
        Line(
            "probiotics", "Probiotic Capsules 50 Billion CFU", "益生菌胶囊500亿活菌", "2106909090", "g",
            (g(30, 0.03),), 258,
            "Twelve probiotic strains, shelf-stable, for digestive balance.",
            "12种益生菌株，常温保存，调节肠道。",
        ),
        Line(
            "beauty-supplements", "Collagen Peptide Powder", "胶原蛋白肽粉", "2106909090", "g",
            (g(300, 0.3),), 298,
            "Hydrolysed marine collagen peptides that dissolve in any drink.",
            "水解海洋胶原蛋白肽，易溶于各种饮品。",
        ),
        Line(
            "beauty-supplements", "Grape Seed Extract 12000 mg", "葡萄籽精华12000毫克", "2106909090", "g",
            (g(60, 0.06),), 189,
            "Antioxidant grape seed extract with vitamin C.",
            "抗氧化葡萄籽精华，添加维生素C。",
        ),
        Line(
            "health-devices", "Upper-arm Blood Pressure Monitor", "上臂式电子血压计", "9018901000", "piece",
            one(0.45), 399,
            "A clinically validated blood pressure monitor with irregular heartbeat detection.",
            "经临床验证的电子血压计，可检测心律不齐。",
        ),
        Line(
            "health-devices", "Neck & Shoulder Massager", "肩颈按摩仪", "9019101000", "piece",
            one(1.2), 459,
            "A shiatsu massager with heat for neck, shoulders and back.",
            "指压按摩加热，适用于颈肩背部。",
        ),
    ),
    (
        ("Daily", "每日"), ("Extra Strength", "加强型"), ("Kids", "儿童"), ("Women's", "女士"),
        ("Men's", "男士"), ("Senior", "中老年"), ("Plant-based", "植物基"), ("Triple Strength", "三倍浓缩"),
        ("Gummy", "软糖型"), ("Family", "家庭装"),
    ),
    weight=2,
)

BAGS = Department(
    "bags",
    "Bags & Luggage",
    "箱包",
    (
        ("handbags", "Handbags", "女包"),
        ("wallets", "Wallets", "钱包卡包"),
        ("luggage", "Luggage", "旅行箱"),
        ("backpacks", "Backpacks", "双肩包"),
    ),
    (
        BrandSpec("Fiorentina Pelle", "佛罗伦萨皮具", "IT", ("handbags", "wallets")),
        BrandSpec("Milano Borsa", "米兰手袋", "IT", ("handbags", "wallets")),
        BrandSpec("Maison Vérane", "薇兰之家", "FR"),
        BrandSpec("Ashbourne & Co.", "阿什本", "GB"),
        BrandSpec("Fifth Avenue Atelier", "第五大道工坊", "US"),
        BrandSpec("Ginza Leather Works", "银座皮革", "JP", ("handbags", "wallets")),
        BrandSpec("Barcelona Cuero", "巴塞罗那皮革", "ES"),
        BrandSpec("Hamburg Reisegepäck", "汉堡旅行箱", "DE", ("luggage", "backpacks")),
    ),
    (
        Line(
            "handbags", "Leather Tote Bag", "真皮托特包", "4202210000", "piece",
            colours(0.9), 3800,
            "A roomy calfskin tote with a zipped inner pocket that fits a 14-inch laptop.",
            "小牛皮托特包，内置拉链袋，可放14英寸电脑。",
        ),
        Line(
            "handbags", "Quilted Chain Shoulder Bag", "菱格链条肩包", "4202210000", "piece",
            colours(0.8), 12800,
            "Quilted lambskin shoulder bag with a gold-tone chain, hand-finished.",
            "菱格羊皮肩包，金色链条，手工制作。",
        ),
        Line(
            "handbags", "Top-handle Bag", "手提包", "4202210000", "piece",
            colours(0.95), 18800,
            "A structured top-handle bag in grained leather with a detachable strap.",
            "荔枝纹皮革硬挺手提包，可拆卸肩带。",
        ),
        Line(
            "handbags", "Mini Crossbody Bag", "迷你斜挎包", "4202210000", "piece",
            colours(0.45), 2600,
            "A compact crossbody in smooth leather for phone, cards and keys.",
            "小巧斜挎包，可放手机、卡片和钥匙。",
        ),
        Line(
            "backpacks", "Nylon City Backpack", "尼龙城市双肩包", "4202220000", "piece",
            colours(0.7), 1500,
            "A water-repellent nylon backpack with a padded laptop sleeve.",
            "防泼水尼龙双肩包，带电脑夹层。",
        ),
        Line(
            "wallets", "Leather Long Wallet", "真皮长款钱包", "4202310000", "piece",
            colours(0.25), 1600,
            "A zip-around wallet with twelve card slots and a coin pocket.",
            "拉链长款钱包，12个卡位，带零钱袋。",
        ),
        Line(
            "wallets", "Leather Card Holder", "真皮卡包", "4202310000", "piece",
            colours(0.08), 680,
            "A slim card holder in saffiano leather.",
            "十字纹皮革轻薄卡包。",
        ),
        Line(
            "luggage", "20-inch Cabin Suitcase", "20寸登机箱", "4202120000", "piece",
            (piece("20 inch", "20寸", 3.4), piece("26 inch", "26寸", 4.6, 1.3)), 2400,
            "A polycarbonate spinner suitcase with TSA lock and silent wheels.",
            "聚碳酸酯万向轮拉杆箱，TSA海关锁，静音轮。",
        ),
    ),
    (
        ("Classic", "经典"), ("Heritage", "传承"), ("Riviera", "里维埃拉"), ("Soho", "苏活"), ("Milano", "米兰"),
        ("Voyage", "旅途"), ("Atelier", "工坊"), ("Monogram", "老花"), ("Signature", "标志"), ("Essential", "基础"),
    ),
)

WATCHES = Department(
    "watches",
    "Watches",
    "钟表",
    (
        ("automatic", "Automatic Watches", "机械表"),
        ("quartz", "Quartz Watches", "石英表"),
        ("digital", "Digital Watches", "电子表"),
    ),
    (
        BrandSpec("Helvetia Horlogerie", "赫尔维蒂亚钟表", "CH"),
        BrandSpec("Jura Chronométrie", "汝拉计时", "CH"),
        BrandSpec("Genève Atelier", "日内瓦工坊", "CH"),
        BrandSpec("Kanto Time", "关东时计", "JP"),
        BrandSpec("Shinano Watch", "信浓表", "JP"),
        BrandSpec("Sachsen Uhrwerk", "萨克森表厂", "DE"),
        BrandSpec("Brooklyn Watch Co.", "布鲁克林表", "US"),
        BrandSpec("Copenhagen Minimal", "哥本哈根极简", "DK"),
    ),
    (
        Line(
            "automatic", "Automatic Diver 200 m", "200米自动机械潜水表", "9102210000", "piece",
            (piece("Steel bracelet", "钢带", 0.18), piece("Rubber strap", "橡胶表带", 0.14, 0.95)), 6800,
            "A 42 mm automatic diver with ceramic bezel, sapphire crystal and 70-hour power reserve.",
            "42毫米自动机械潜水表，陶瓷表圈，蓝宝石镜面，70小时动储。",
        ),
        Line(
            "automatic", "Automatic Chronograph", "自动机械计时码表", "9102210000", "piece",
            (piece("Steel bracelet", "钢带", 0.19), piece("Leather strap", "皮表带", 0.12, 0.95)), 26800,
            "A column-wheel automatic chronograph with exhibition case back.",
            "柱轮自动计时机芯，透明底盖。",
        ),
        Line(
            "automatic", "Automatic Dress Watch", "自动机械正装表", "9102210000", "piece",
            (piece("Leather strap", "皮表带", 0.08),), 9800,
            "A slim 38 mm dress watch with guilloché dial and alligator-embossed strap.",
            "38毫米纤薄正装表，扭索纹表盘。",
        ),
        Line(
            "automatic", "GMT Traveller", "两地时腕表", "9102210000", "piece",
            (piece("Steel bracelet", "钢带", 0.17),), 15800,
            "An automatic GMT with a 24-hour bezel for a second time zone.",
            "自动机械GMT腕表，24小时表圈显示第二时区。",
        ),
        Line(
            "quartz", "Quartz Minimalist Watch", "石英简约腕表", "9102110000", "piece",
            (piece("Mesh bracelet", "米兰表带", 0.07), piece("Leather strap", "皮表带", 0.05)), 1280,
            "A 36 mm quartz watch with a clean sunray dial.",
            "36毫米石英腕表，太阳纹表盘，简约百搭。",
        ),
        Line(
            "quartz", "Solar Field Watch", "光动能野战表", "9102110000", "piece",
            (piece("Canvas strap", "帆布表带", 0.06),), 1880,
            "A solar-powered field watch that runs six months in the dark.",
            "光动能野战表，充满电可在黑暗中运行六个月。",
        ),
        Line(
            "digital", "Digital Sports Watch", "数显运动表", "9102120000", "piece",
            (piece("Resin strap", "树脂表带", 0.05),), 690,
            "A shock-resistant digital watch with stopwatch, alarms and world time.",
            "防震数显运动表，秒表、闹钟、世界时。",
        ),
    ),
    (
        ("Heritage", "传承"), ("Ocean", "海洋"), ("Pilot", "飞行员"), ("Classic", "经典"), ("Sport", "运动"),
        ("Moonphase", "月相"), ("Titanium", "钛金属"), ("Skeleton", "镂空"), ("Limited", "限量"), ("Navigator", "领航"),
    ),
)

ELECTRONICS = Department(
    "electronics",
    "Electronics",
    "数码电器",
    (
        ("audio", "Audio", "影音"),
        ("cameras", "Cameras", "相机"),
        ("personal-care", "Personal Care Appliances", "个护电器"),
        ("computing", "Computing & Storage", "电脑存储"),
        ("gaming", "Gaming", "游戏"),
    ),
    (
        BrandSpec("Aoyama Audio", "青山音响", "JP", ("audio",)),
        BrandSpec("Hikari Optics", "光学工房", "JP", ("cameras", "computing")),
        BrandSpec("Osaka Kaden", "大阪家电", "JP", ("personal-care", "audio", "cameras")),
        BrandSpec("Hanriver Electronics", "汉江电子", "KR", ("audio", "computing", "gaming", "cameras")),
        BrandSpec("Silicon Bay Devices", "硅湾科技", "US", ("audio", "computing", "gaming")),
        BrandSpec("Rheinklang", "莱茵之声", "DE", ("audio",)),
        BrandSpec("Thames Audio", "泰晤士音频", "GB", ("audio",)),
        BrandSpec("Nordlicht Pflege", "北极光个护", "DE", ("personal-care",)),
    ),
    (
        Line(
            "audio", "Noise-cancelling Headphones", "降噪头戴式耳机", "8518300000", "piece",
            (piece("Black", "黑色", 0.25), piece("Silver", "银色", 0.25)), 2299,
            "Over-ear headphones with adaptive noise cancelling and 30-hour battery.",
            "自适应主动降噪，30小时续航。",
        ),
        Line(
            "audio", "True Wireless Earbuds", "真无线蓝牙耳机", "8518300000", "piece",
            (piece("Black", "黑色", 0.06), piece("White", "白色", 0.06)), 1299,
            "In-ear earbuds with noise cancelling, transparency mode and wireless charging case.",
            "入耳式降噪耳机，通透模式，无线充电盒。",
        ),
        Line(
            "audio", "Portable Bluetooth Speaker", "便携蓝牙音箱", "8518220000", "piece",
            one(0.9), 1599,
            "A waterproof speaker with 360-degree sound and 20-hour battery.",
            "防水便携音箱，360度环绕声，20小时续航。",
        ),
        Line(
            "cameras", "Mirrorless Camera Body", "无反相机机身", "8525891900", "piece",
            one(0.66), 12999,
            "A full-frame mirrorless body with 33 MP sensor, in-body stabilisation and 4K video.",
            "全画幅无反相机，3300万像素，机身防抖，4K视频。",
        ),
        Line(
            "cameras", "Compact Travel Camera", "便携旅行相机", "8525891900", "piece",
            one(0.3), 4599,
            "A pocketable camera with 24-200 mm zoom lens and 1-inch sensor.",
            "口袋相机，24-200毫米变焦，1英寸传感器。",
        ),
        Line(
            "personal-care", "Ionic Hair Dryer", "负离子吹风机", "8516310000", "piece",
            (piece("Rose gold", "玫瑰金", 0.6), piece("Grey", "灰色", 0.6)), 1699,
            "A fast-drying ionic hair dryer with intelligent heat control.",
            "负离子速干吹风机，智能温控护发。",
        ),
        Line(
            "personal-care", "Electric Shaver", "电动剃须刀", "8510100000", "piece",
            one(0.3), 1199,
            "A wet-and-dry foil shaver with a cleaning station.",
            "干湿两用往复式剃须刀，配清洁座。",
        ),
        Line(
            "computing", "Portable SSD 1 TB", "移动固态硬盘1TB", "8523510000", "piece",
            (piece("1 TB", "1TB", 0.06), piece("2 TB", "2TB", 0.06, 1.7)), 899,
            "A pocket-sized USB-C SSD with 1,050 MB/s transfer speed.",
            "USB-C移动固态硬盘，传输速度1050MB/s。",
        ),
        Line(
            "gaming", "Handheld Game Console", "掌上游戏机", "9504501100", "piece",
            one(0.42), 2399,
            "A handheld console with a 7-inch OLED screen that docks to a TV.",
            "7英寸OLED屏掌机，可连接电视。",
        ),
    ),
    (
        ("Pro", "专业版"), ("Max", "旗舰版"), ("Lite", "轻享版"), ("Air", "轻薄版"), ("X2", "X2"),
        ("Studio", "录音室"), ("Travel", "旅行版"), ("Mark II", "二代"), ("Ultra", "至尊版"), ("S", "S款"),
    ),
)

WINE = Department(
    "wine",
    "Wine",
    "葡萄酒",
    (
        ("red-wine", "Red Wine", "红葡萄酒"),
        ("white-wine", "White Wine", "白葡萄酒"),
        ("sparkling", "Sparkling Wine", "起泡酒"),
    ),
    (
        BrandSpec("Château Beaumont", "博蒙酒庄", "FR"),
        BrandSpec("Domaine des Trois Chênes", "三橡树酒园", "FR"),
        BrandSpec("Barossa Ridge", "巴罗萨山脊", "AU"),
        BrandSpec("Marlborough Sound", "马尔堡海湾", "NZ"),
        BrandSpec("Napa Hillside", "纳帕山坡", "US"),
        BrandSpec("Tenuta Collina", "科利纳庄园", "IT"),
        BrandSpec("Bodega Sierra Alta", "高山酒窖", "ES"),
        BrandSpec("Mosel Schiefer", "摩泽尔板岩", "DE"),
    ),
    (
        Line(
            "red-wine", "Cabernet Sauvignon", "赤霞珠干红葡萄酒", "2204210000", "l",
            (litre(0.75), Size("6 x 750 ml", "6瓶x750毫升", Decimal("4.5"), Decimal("4.5"), Decimal(5))), 268,
            "Blackcurrant, cedar and firm tannins; aged 14 months in French oak.",
            "黑醋栗与雪松香气，单宁紧实，法国橡木桶陈酿14个月。",
        ),
        Line(
            "red-wine", "Pinot Noir", "黑皮诺干红葡萄酒", "2204210000", "l",
            (litre(0.75),), 398,
            "Silky red cherry and forest-floor notes from cool-climate vineyards.",
            "凉爽产区黑皮诺，红樱桃与森林气息，口感丝滑。",
        ),
        Line(
            "red-wine", "Shiraz", "西拉干红葡萄酒", "2204210000", "l",
            (litre(0.75),), 228,
            "A ripe, peppery Shiraz with plum and dark chocolate.",
            "成熟饱满，带黑胡椒、李子和黑巧克力风味。",
        ),
        Line(
            "red-wine", "Grand Vin Reserve", "珍藏正牌干红葡萄酒", "2204210000", "l",
            (litre(0.75), litre(1.5, 2.2)), 1280,
            "The estate's flagship blend, built to age for twenty years.",
            "酒庄旗舰调配，陈年潜力二十年。",
        ),
        Line(
            "white-wine", "Sauvignon Blanc", "长相思干白葡萄酒", "2204210000", "l",
            (litre(0.75),), 198,
            "Zesty passion fruit and cut grass, bright acidity.",
            "百香果与青草香气，酸度清爽。",
        ),
        Line(
            "white-wine", "Riesling", "雷司令白葡萄酒", "2204210000", "l",
            (litre(0.75),), 218,
            "An off-dry Riesling with peach, lime and slate minerality.",
            "半干型雷司令，桃子与青柠风味，板岩矿物感。",
        ),
        Line(
            "sparkling", "Brut Sparkling Wine", "天然型起泡酒", "2204100000", "l",
            (litre(0.75),), 258,
            "Traditional-method sparkling wine with fine bubbles and brioche notes.",
            "传统法酿造，气泡细腻，带烤面包香气。",
        ),
    ),
    (
        ("Reserve", "珍藏"), ("Old Vine", "老藤"), ("Single Vineyard", "单一园"), ("Estate", "庄园"),
        ("Vintage 2021", "2021年份"), ("Vintage 2022", "2022年份"), ("Grand Cru", "特级园"), ("Organic", "有机"),
        ("Family Selection", "家族精选"), ("Cellar Door", "酒窖"),
    ),
)

BOOKS = Department(
    "books",
    "Books",
    "图书",
    (
        ("childrens-books", "Children's Books", "童书绘本"),
        ("fiction", "Fiction", "小说文学"),
        ("art-design", "Art & Design", "艺术设计"),
        ("language-learning", "Language Learning", "语言学习"),
        ("lifestyle-books", "Cooking & Lifestyle", "生活美食"),
    ),
    (
        BrandSpec("Harbour Press", "港湾出版社", "GB"),
        BrandSpec("Oxbridge Learning", "牛剑教育", "GB"),
        BrandSpec("Riverside Books", "河畔图书", "US"),
        BrandSpec("Kodama Shobo", "木灵书房", "JP"),
        BrandSpec("Éditions du Pont", "桥出版社", "FR"),
        BrandSpec("Maple Leaf Kids", "枫叶童书", "CA"),
    ),
    (
        Line(
            "childrens-books", "Illustrated Picture Book (Hardcover)", "精装绘本", "4903000000", "piece",
            one(0.45), 98,
            "An award-winning picture book about friendship, for ages 3 to 6.",
            "获奖绘本，讲述友谊的故事，适合3-6岁。",
        ),
        Line(
            "childrens-books", "Board Book Set (5 books)", "纸板书套装（5册）", "4903000000", "piece",
            one(1.1, "Box set", "套装", count=5), 158,
            "Sturdy board books for toddlers: colours, numbers, animals, shapes and opposites.",
            "低幼纸板书：颜色、数字、动物、形状和反义词。",
        ),
        Line(
            "language-learning", "Graded Readers Box Set", "英语分级读物套装", "4901990000", "piece",
            one(2.4, "Level 1-3", "1-3级", count=30), 468,
            "Thirty graded readers with audio for young English learners.",
            "30册英语分级读物，附音频。",
        ),
        Line(
            "language-learning", "Japanese for Beginners Textbook", "初级日语教材", "4901990000", "piece",
            one(0.6), 138,
            "A complete beginner's course with grammar, kana practice and dialogues.",
            "零基础日语课程，含语法、假名练习与会话。",
        ),
        Line(
            "fiction", "Bestselling Novel (Hardcover)", "畅销小说（精装）", "4901990000", "piece",
            one(0.7), 168,
            "The international bestseller, first edition hardcover in the original language.",
            "国际畅销书，原版精装首版。",
        ),
        Line(
            "art-design", "Art & Photography Book", "艺术摄影画册", "4901990000", "piece",
            one(2.1), 398,
            "A large-format monograph with 250 colour plates.",
            "大开本作品集，收录250幅彩色图版。",
        ),
        Line(
            "lifestyle-books", "Home Cooking Cookbook", "家常菜谱", "4901990000", "piece",
            one(1.0), 228,
            "Over 120 recipes for everyday home cooking, photographed step by step.",
            "120余道家常菜谱，分步骤图解。",
        ),
    ),
    (
        ("Collector's Edition", "典藏版"), ("Illustrated", "插图版"), ("Anniversary", "纪念版"),
        ("Bilingual", "双语版"), ("Paperback", "平装版"), ("Signed", "签名版"), ("Second Edition", "第二版"),
        ("Deluxe", "豪华版"), ("Pocket", "口袋版"), ("Complete", "全集"),
    ),
)

FASHION = Department(
    "fashion",
    "Fashion & Shoes",
    "服饰鞋靴",
    (
        ("shoes", "Shoes", "鞋靴"),
        ("clothing", "Clothing", "服装"),
        ("accessories", "Accessories", "配饰"),
    ),
    (
        BrandSpec("Ashford Footwear", "阿什福德鞋履", "GB", ("shoes",)),
        BrandSpec("Highland Cashmere", "高地羊绒", "GB", ("clothing", "accessories")),
        BrandSpec("Calzoleria Veneta", "威尼托鞋坊", "IT", ("shoes", "accessories")),
        BrandSpec("Rive Gauche Mode", "左岸时装", "FR", ("clothing", "accessories")),
        BrandSpec("Pacific Stride", "太平洋步履", "US"),
        BrandSpec("Merino Coast", "美利奴海岸", "AU", ("clothing", "shoes")),
        BrandSpec("Hokkaido Knit", "北海道针织", "JP", ("clothing", "accessories")),
        BrandSpec("Gangnam Studio", "江南工作室", "KR"),
    ),
    (
        Line(
            "shoes", "Leather Chelsea Boots", "真皮切尔西靴", "6403990000", "pair",
            shoe_sizes(1.3), 1980,
            "Goodyear-welted Chelsea boots in waxed calf leather.",
            "固特异工艺切尔西靴，油蜡小牛皮。",
        ),
        Line(
            "shoes", "Leather Penny Loafers", "真皮乐福鞋", "6403990000", "pair",
            shoe_sizes(0.9), 1680,
            "Hand-stitched penny loafers with leather soles.",
            "手工缝制乐福鞋，真皮大底。",
        ),
        Line(
            "shoes", "Cushioned Running Shoes", "缓震跑鞋", "6404110000", "pair",
            shoe_sizes(0.6), 899,
            "Lightweight running shoes with a responsive foam midsole.",
            "轻量跑鞋，回弹泡棉中底。",
        ),
        Line(
            "clothing", "Merino Wool Sweater", "美利奴羊毛衫", "6110110000", "piece",
            garment_sizes(0.35), 1280,
            "A fine-gauge crew-neck sweater in extra-fine merino wool.",
            "超细美利奴羊毛圆领针织衫。",
        ),
        Line(
            "clothing", "Organic Cotton T-shirt", "有机棉T恤", "6109100000", "piece",
            garment_sizes(0.2), 299,
            "A heavyweight organic cotton T-shirt with a relaxed fit.",
            "重磅有机棉T恤，宽松版型。",
        ),
        Line(
            "clothing", "Silk Blouse", "真丝衬衫", "6206100000", "piece",
            garment_sizes(0.2), 1580,
            "A mulberry silk blouse with mother-of-pearl buttons.",
            "桑蚕丝衬衫，贝母纽扣。",
        ),
        Line(
            "accessories", "Silk Scarf 90 x 90 cm", "真丝方巾90x90厘米", "6214100000", "piece",
            one(0.08), 980,
            "A hand-rolled twill silk scarf with an original print.",
            "手工卷边斜纹真丝方巾，原创印花。",
        ),
        Line(
            "accessories", "Polarised Sunglasses", "偏光太阳镜", "9004100000", "piece",
            one(0.05), 1380,
            "Acetate sunglasses with polarised, UV400 lenses.",
            "板材镜框，偏光UV400镜片。",
        ),
    ),
    (
        ("Heritage", "经典"), ("Weekend", "周末"), ("City", "都市"), ("Studio", "工作室"), ("Coast", "海岸"),
        ("Alpine", "阿尔卑斯"), ("Vintage", "复古"), ("Essential", "基础款"), ("Limited", "限定"), ("Atelier", "工坊"),
    ),
)

FOOD = Department(
    "food",
    "Food & Coffee",
    "食品饮料",
    (
        ("coffee-tea", "Coffee & Tea", "咖啡茶饮"),
        ("snacks", "Snacks & Sweets", "零食糖果"),
        ("pantry", "Pantry", "粮油调味"),
        ("honey-nuts", "Honey & Nuts", "蜂蜜坚果"),
    ),
    (
        BrandSpec("Kona Ridge Coffee", "科纳山咖啡", "US", ("coffee-tea",)),
        BrandSpec("Hokkaido Farm", "北海道牧场", "JP", ("snacks", "coffee-tea")),
        BrandSpec("Swiss Alpine Chocolatier", "瑞士阿尔卑斯巧克力", "CH", ("snacks",)),
        BrandSpec("Tuscan Grove", "托斯卡纳橄榄园", "IT", ("pantry", "coffee-tea")),
        BrandSpec("Bavarian Bakehouse", "巴伐利亚烘焙坊", "DE", ("snacks",)),
        BrandSpec("Seoul Snack Co.", "首尔零食", "KR", ("snacks", "coffee-tea")),
        BrandSpec("Outback Orchard", "澳洲果园", "AU", ("honey-nuts", "pantry")),
        BrandSpec("Manuka Valley", "麦卢卡谷", "NZ", ("honey-nuts",)),
    ),
    (
        Line(
            "coffee-tea", "Single-origin Roasted Coffee Beans", "单一产地烘焙咖啡豆", "0901210000", "kg",
            (kg(0.25), kg(1, 3.5)), 128,
            "Medium-roast arabica beans with notes of caramel and citrus, roasted weekly.",
            "中度烘焙阿拉比卡咖啡豆，焦糖与柑橘风味，每周新鲜烘焙。",
        ),
        Line(
            "coffee-tea", "Freeze-dried Instant Coffee", "冻干速溶咖啡", "2101110000", "kg",
            (kg(0.1),), 89,
            "Freeze-dried instant coffee that dissolves in cold water.",
            "冻干速溶咖啡，冷水即溶。",
        ),
        Line(
            "snacks", "72% Dark Chocolate Bar", "72%黑巧克力", "1806320000", "kg",
            (kg(0.1), kg(0.5, 4.5, "5 x 100 g", "5块x100克")), 39,
            "Single-origin dark chocolate, bean to bar.",
            "单一产地黑巧克力，从可可豆到巧克力全程自制。",
        ),
        Line(
            "snacks", "Butter Cookies Gift Tin", "黄油曲奇礼盒", "1905310000", "kg",
            (kg(0.454),), 98,
            "Crisp butter cookies in a keepsake tin.",
            "酥脆黄油曲奇，铁盒装。",
        ),
        Line(
            "snacks", "Seaweed Rice Crackers", "海苔米饼", "1905901000", "kg",
            (kg(0.2),), 35,
            "Baked rice crackers wrapped in roasted seaweed.",
            "烘烤米饼，包裹香脆海苔。",
        ),
        Line(
            "honey-nuts", "Manuka Honey UMF 15+", "麦卢卡蜂蜜UMF15+", "0409000000", "kg",
            (kg(0.25), kg(0.5, 1.8)), 368,
            "Certified Manuka honey with UMF 15+ rating.",
            "UMF15+认证麦卢卡蜂蜜。",
        ),
        Line(
            "honey-nuts", "Roasted Macadamia Nuts", "烤夏威夷果", "2008199900", "kg",
            (kg(0.5),), 118,
            "Dry-roasted macadamias with sea salt.",
            "干烤夏威夷果，海盐调味。",
        ),
        Line(
            "pantry", "Extra Virgin Olive Oil", "特级初榨橄榄油", "1509200000", "kg",
            (kg(0.5), kg(1, 1.8)), 138,
            "Cold-pressed extra virgin olive oil from this year's harvest.",
            "当季采收冷榨特级初榨橄榄油。",
        ),
    ),
    (
        ("Original", "原味"), ("Organic", "有机"), ("Sea Salt", "海盐"), ("Matcha", "抹茶"), ("Honey", "蜂蜜"),
        ("Family Pack", "家庭装"), ("Gift Box", "礼盒装"), ("Dark Roast", "深烘"), ("Harvest", "丰收"),
        ("Classic", "经典"),
    ),
)

TOYS = Department(
    "toys",
    "Toys",
    "玩具",
    (
        ("building-sets", "Building Sets", "积木拼搭"),
        ("plush-dolls", "Plush & Dolls", "毛绒玩偶"),
        ("models", "Models & Figures", "模型手办"),
        ("educational", "Educational Toys", "益智玩具"),
    ),
    (
        BrandSpec("Nordic Bricks", "北欧积木", "DK", ("building-sets", "educational")),
        BrandSpec("Schwarzwald Holzspiel", "黑森林木玩", "DE", ("educational", "plush-dolls")),
        BrandSpec("Tokyo Hobby Works", "东京模型工坊", "JP", ("models", "building-sets")),
        BrandSpec("Galaxy Play", "银河玩乐", "US"),
        BrandSpec("Teddy & Tweed", "泰迪花呢", "GB", ("plush-dolls",)),
        BrandSpec("Busan Kids", "釜山童趣", "KR"),
    ),
    (
        Line(
            "building-sets", "Building Blocks Set (1,000 pieces)", "拼插积木套装（1000颗粒）", "9503001000", "piece",
            one(1.6), 699,
            "A thousand-piece building set compatible with major brick systems.",
            "1000颗粒拼插积木，兼容主流积木系统。",
        ),
        Line(
            "building-sets", "Technic Race Car Kit", "科技赛车拼装套装", "9503001000", "piece",
            one(1.9), 999,
            "A working-gearbox race car model for builders aged 10 and up.",
            "带可动变速箱的赛车模型，适合10岁以上。",
        ),
        Line(
            "plush-dolls", "Plush Teddy Bear", "毛绒泰迪熊", "9503008900", "piece",
            (piece("30 cm", "30厘米", 0.4), piece("50 cm", "50厘米", 0.8, 1.6)), 299,
            "A jointed mohair-style teddy bear, machine washable.",
            "关节可动泰迪熊，可机洗。",
        ),
        Line(
            "models", "Die-cast Model Car 1:18", "1:18合金车模", "9503001000", "piece",
            one(1.3), 458,
            "A detailed 1:18 die-cast model with opening doors and bonnet.",
            "1:18精细合金车模，车门与引擎盖可开启。",
        ),
        Line(
            "models", "Anime Collector Figure", "动漫收藏手办", "9503008900", "piece",
            one(0.6), 568,
            "A hand-painted PVC figure, 24 cm tall, with display base.",
            "手工上色PVC手办，高24厘米，附展示底座。",
        ),
        Line(
            "educational", "Wooden Puzzle Set", "木质拼图套装", "9503008900", "piece",
            one(0.9), 159,
            "Four beech-wood puzzles with non-toxic paint, for ages 2 and up.",
            "四款榉木拼图，环保水性漆，适合2岁以上。",
        ),
        Line(
            "educational", "STEM Coding Robot Kit", "STEM编程机器人套件", "9503008900", "piece",
            one(1.2), 799,
            "Build a robot and program it with a visual app, for ages 8 and up.",
            "动手搭建机器人，用图形化App编程，适合8岁以上。",
        ),
    ),
    (
        ("Classic", "经典"), ("Creator", "创意"), ("Explorer", "探险"), ("City", "城市"), ("Space", "太空"),
        ("Safari", "野生动物"), ("Rainbow", "彩虹"), ("Racing", "赛车"), ("Castle", "城堡"), ("Ocean", "海洋"),
    ),
)

HOME = Department(
    "home",
    "Home & Kitchen",
    "家居厨房",
    (
        ("cookware", "Cookware", "厨具"),
        ("tableware", "Tableware", "餐具"),
        ("home-appliances", "Home Appliances", "家用电器"),
    ),
    (
        BrandSpec("Solingen Küche", "索林根厨具", "DE", ("cookware",)),
        BrandSpec("Seki Kitchen", "关之厨", "JP", ("cookware", "home-appliances")),
        BrandSpec("Arita Porcelain", "有田瓷器", "JP", ("tableware",)),
        BrandSpec("Fonte de Lyon", "里昂铸铁", "FR", ("cookware", "tableware")),
        BrandSpec("Caffè Milano Macchine", "米兰咖啡机", "IT", ("home-appliances", "cookware")),
        BrandSpec("Windsor Bone China", "温莎骨瓷", "GB", ("tableware",)),
        BrandSpec("Hanok Living", "韩屋生活", "KR"),
        BrandSpec("Cyclone Home", "旋风家居", "US", ("home-appliances",)),
    ),
    (
        Line(
            "cookware", "Stainless Steel Cookware Set (5 pieces)", "不锈钢锅具五件套", "7323930000", "piece",
            one(6.5, "5-piece set", "五件套", count=5), 1899,
            "Tri-ply stainless steel pots and pans for every hob including induction.",
            "三层复合不锈钢锅具，适用电磁炉等各类炉灶。",
        ),
        Line(
            "cookware", "Manual Burr Coffee Grinder", "手摇磨豆机", "8210000000", "piece",
            one(0.6), 499,
            "A stainless steel burr grinder with 40 grind settings.",
            "不锈钢锥刀手摇磨豆机，40档研磨调节。",
        ),
        Line(
            "tableware", "Bone China Tea Set", "骨瓷茶具套装", "6911101100", "piece",
            one(2.3, "Set for 4", "四人套装", count=9), 1280,
            "A nine-piece fine bone china tea set with gilded rims.",
            "九件套骨瓷茶具，描金边。",
        ),
        Line(
            "tableware", "Porcelain Dinner Plates (set of 4)", "瓷餐盘四件套", "6911101100", "piece",
            one(2.8, "Set of 4", "四件套", count=4), 468,
            "Hand-glazed porcelain plates, dishwasher and microwave safe.",
            "手工施釉瓷盘，可用洗碗机和微波炉。",
        ),
        Line(
            "home-appliances", "Espresso Machine", "意式咖啡机", "8419810000", "piece",
            one(8.5), 3999,
            "A 15-bar espresso machine with steam wand and built-in grinder.",
            "15巴意式咖啡机，蒸汽奶棒，内置磨豆。",
        ),
        Line(
            "home-appliances", "Cordless Stick Vacuum", "无线手持吸尘器", "8508110000", "piece",
            one(2.6), 3299,
            "A cordless vacuum with 60-minute run time and HEPA filtration.",
            "无线吸尘器，60分钟续航，HEPA过滤。",
        ),
        Line(
            "home-appliances", "High-speed Blender", "破壁料理机", "8509400000", "piece",
            one(4.2), 1299,
            "A 1,500 W blender for smoothies, soups and nut butters.",
            "1500瓦破壁机，可做果昔、浓汤和坚果酱。",
        ),
        Line(
            "home-appliances", "Pour-over Coffee Maker", "滴滤咖啡机", "8516710000", "piece",
            one(2.1), 899,
            "A drip coffee maker that brews at the ideal 93 °C.",
            "滴滤咖啡机，恒温93°C萃取。",
        ),
    ),
    (
        ("Classic", "经典"), ("Nordic", "北欧"), ("Heritage", "传承"), ("Pro", "专业"), ("Sakura", "樱花"),
        ("Cobalt", "钴蓝"), ("Matte Black", "哑光黑"), ("Ivory", "象牙白"), ("Artisan", "匠心"), ("Compact", "小巧"),
    ),
)

DEPARTMENTS: tuple[Department, ...] = (
    BEAUTY, BABY, HEALTH, BAGS, WATCHES, ELECTRONICS, WINE, BOOKS, FASHION, FOOD, TOYS, HOME,
)

# Editions added to generated names so a large catalog has many distinct, searchable names.
EDITIONS: tuple[tuple[str, str], ...] = (
    ("", ""), ("", ""), ("", ""), ("2026 Edition", "2026版"), ("Limited Edition", "限量版"),
    ("Gift Set", "礼盒装"), ("Travel Size", "旅行装"), ("Value Pack", "超值装"), ("New Formula", "新配方"),
    ("Duty-free Edition", "免税版"), ("Anniversary Edition", "周年纪念版"), ("Series II", "第二代"),
)
# fmt: on
