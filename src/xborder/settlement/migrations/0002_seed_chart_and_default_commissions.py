from decimal import Decimal

from django.db import migrations

# code, name, kind, per_store, never_negative
CHART = [
    ("buyer_clearing", "Buyer clearing", "clearing", False, False),
    ("gateway_receivable", "Gateway receivable", "asset", False, False),
    ("tax_withheld", "Tax withheld (payable to customs)", "liability", False, True),
    ("platform_commission", "Platform commission", "revenue", False, False),
    ("self_operated_sales", "Self-operated sales", "revenue", False, False),
    ("payment_fee", "Payment fee", "expense", False, False),
    ("seller_payable", "Seller payable (in return window)", "liability", True, True),
    ("seller_payable_available", "Seller payable (available)", "liability", True, True),
    ("payouts_in_transit", "Payouts in transit", "liability", True, True),
    ("fx_difference", "FX difference", "clearing", False, False),
    ("refunds", "Refunds borne by the platform (to recover from sellers)", "asset", True, False),
    ("agency_fees", "Agency fees payable", "liability", False, True),
    ("creator_fees", "Creator commission payable", "liability", False, True),
]

# Kind defaults; category and store rules are set by operators (M2C 2-6% by category).
DEFAULT_RATES = [
    ("overseas_merchant", Decimal("0.0500"), "M2C default"),
    ("personal_shopper", Decimal("0.0800"), "C2C service fee"),
    ("b2b_supplier", Decimal("0.0200"), "B2B fee"),
]


def seed(apps, schema_editor):
    Account = apps.get_model("settlement", "Account")
    CommissionRule = apps.get_model("settlement", "CommissionRule")
    for code, name, kind, per_store, never_negative in CHART:
        Account.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "per_store": per_store, "never_negative": never_negative}
        )
    for kind, rate, note in DEFAULT_RATES:
        CommissionRule.objects.get_or_create(
            store_kind=kind, store=None, category=None, defaults={"rate": rate, "note": note}
        )


class Migration(migrations.Migration):
    dependencies = [("settlement", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
