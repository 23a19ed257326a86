"""The double-entry ledger (accounts, journal entries, postings), commission rules, payable holds and payouts.

Sign convention: a posting's ``amount`` is positive for a debit and negative for a credit, so every journal
entry sums to zero per currency and an account's balance is the sum of its postings (never a stored counter).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xborder.core.money import Money
from xborder.sellers.models import StoreKind


class AccountKind(models.TextChoices):
    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    REVENUE = "revenue", _("Revenue")
    EXPENSE = "expense", _("Expense")
    CLEARING = "clearing", _("Clearing")


class AccountCode(models.TextChoices):
    BUYER_CLEARING = "buyer_clearing", _("Buyer clearing")
    GATEWAY_RECEIVABLE = "gateway_receivable", _("Gateway receivable")
    TAX_WITHHELD = "tax_withheld", _("Tax withheld (payable to customs)")
    PLATFORM_COMMISSION = "platform_commission", _("Platform commission")
    SELF_OPERATED_SALES = "self_operated_sales", _("Self-operated sales")
    PAYMENT_FEE = "payment_fee", _("Payment fee")
    SELLER_PAYABLE = "seller_payable", _("Seller payable (in return window)")
    SELLER_PAYABLE_AVAILABLE = "seller_payable_available", _("Seller payable (available)")
    PAYOUTS_IN_TRANSIT = "payouts_in_transit", _("Payouts in transit")
    FX_DIFFERENCE = "fx_difference", _("FX difference")
    REFUNDS = "refunds", _("Refunds borne by the platform")
    AGENCY_FEES = "agency_fees", _("Agency fees payable")
    CREATOR_FEES = "creator_fees", _("Creator commission payable")
    SECURITY_DEPOSITS = "security_deposits", _("Security deposits held")


class Account(models.Model):
    """One account of the chart; seeded by migration. ``per_store`` accounts carry a store on every posting."""

    code = models.CharField(max_length=40, primary_key=True, choices=AccountCode.choices)
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=AccountKind.choices)
    per_store = models.BooleanField(default=False)
    # Liabilities we owe must never be overdrawn: the posting service refuses an entry that would.
    never_negative = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.code

    @property
    def credit_normal(self) -> bool:
        return self.kind in (AccountKind.LIABILITY, AccountKind.REVENUE)


class EntryKind(models.TextChoices):
    BUYER_PAYMENT = "buyer_payment", _("Buyer payment")
    REFUND = "refund", _("Refund")
    RELEASE = "release", _("Seller payable released")
    PAYOUT = "payout", _("Payout")
    PAYOUT_SETTLED = "payout_settled", _("Payout settled")
    TAX_REMITTED = "tax_remitted", _("Tax remitted to customs")
    SECURITY_DEPOSIT = "security_deposit", _("Security deposit lodged")
    AGENCY_FEE = "agency_fee", _("Agency service fee")


class JournalEntry(models.Model):
    """A balanced transaction: its postings sum to zero in every currency (checked by the posting service)."""

    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    reference = models.CharField(max_length=64, help_text=_("Unique per kind: payment, refund or payout reference."))
    order_reference = models.CharField(max_length=64, blank=True, db_index=True)
    occurred_at = models.DateTimeField()
    memo = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name_plural = "journal entries"
        constraints = [models.UniqueConstraint(fields=["kind", "reference"], name="journal_entry_once_per_kind")]
        indexes = [models.Index(fields=["kind", "occurred_at"], name="journal_kind_time")]

    def __str__(self):
        return f"{self.kind} {self.reference}"


class Posting(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    store = models.ForeignKey("sellers.Store", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    currency = models.ForeignKey("pricing.Currency", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=18, decimal_places=2, help_text=_("Debit positive, credit negative."))

    class Meta:
        ordering = ["entry_id", "id"]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="posting_not_zero")]
        indexes = [models.Index(fields=["account", "store", "currency"], name="posting_account_store")]

    def __str__(self):
        side = "Dr" if self.amount > 0 else "Cr"
        return f"{side} {self.account_id} {abs(self.amount)} {self.currency_id}"

    @property
    def debit(self) -> Decimal:
        return self.amount if self.amount > 0 else Decimal(0)

    @property
    def credit(self) -> Decimal:
        return -self.amount if self.amount < 0 else Decimal(0)


class CommissionRule(models.Model):
    """A commission rate on goods. Precedence: store + category > store > kind + category > kind default.

    A category rule covers its whole subtree; the deepest matching category wins. Store rules leave
    ``store_kind`` blank; kind rules (and kind + category rules) leave ``store`` empty.
    """

    store_kind = models.CharField(max_length=20, blank=True, choices=StoreKind.choices)
    store = models.ForeignKey("sellers.Store", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("catalog.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    rate = models.DecimalField(max_digits=6, decimal_places=4, help_text=_("0.0500 = 5%"))
    note = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["store_kind", "store", "category"]
        constraints = [
            models.CheckConstraint(condition=Q(rate__gte=0) & Q(rate__lte=1), name="commission_rate_0_to_1"),
            models.CheckConstraint(
                condition=(Q(store__isnull=False) & Q(store_kind="")) | (Q(store__isnull=True) & ~Q(store_kind="")),
                name="commission_rule_store_or_kind",
            ),
            models.UniqueConstraint(
                fields=["store", "category"],
                condition=Q(store__isnull=False, category__isnull=False),
                name="commission_store_category_once",
            ),
            models.UniqueConstraint(
                fields=["store"], condition=Q(store__isnull=False, category__isnull=True), name="commission_store_once"
            ),
            models.UniqueConstraint(
                fields=["store_kind", "category"],
                condition=Q(store__isnull=True, category__isnull=False),
                name="commission_kind_category_once",
            ),
            models.UniqueConstraint(
                fields=["store_kind"],
                condition=Q(store__isnull=True, category__isnull=True),
                name="commission_kind_once",
            ),
        ]

    def __str__(self):
        scope = [str(part) for part in (self.store_kind, self.store, self.category) if part]
        return f"{' / '.join(scope)}: {self.rate * 100:.2f}%"


class PayableHold(models.Model):
    """The seller payable of one order, held until the store's return window after delivery has passed."""

    store = models.ForeignKey("sellers.Store", on_delete=models.PROTECT, related_name="payable_holds")
    order_reference = models.CharField(max_length=64, unique=True)
    delivered_at = models.DateTimeField()
    release_after = models.DateTimeField(db_index=True)
    # An open return keeps the payable held until it is settled (set and cleared by the returns app).
    return_hold_until = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    release_entry = models.OneToOneField(
        JournalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="released_hold"
    )

    class Meta:
        ordering = ["release_after"]
        indexes = [models.Index(fields=["released_at", "release_after"], name="hold_due")]

    def __str__(self):
        return f"{self.order_reference} until {self.release_after:%Y-%m-%d}"


class PayoutStatus(models.TextChoices):
    IN_TRANSIT = "in_transit", _("In transit")
    SETTLED = "settled", _("Settled")


class Payout(models.Model):
    """A transfer to a seller in the seller's currency, at the FX rate recorded when it was made."""

    reference = models.CharField(max_length=40, unique=True)
    store = models.ForeignKey("sellers.Store", on_delete=models.PROTECT, related_name="payouts")
    home_currency = models.ForeignKey("pricing.Currency", on_delete=models.PROTECT, related_name="+")
    home_amount = models.DecimalField(max_digits=18, decimal_places=2)
    currency = models.ForeignKey("pricing.Currency", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    fx_rate = models.DecimalField(max_digits=20, decimal_places=10, help_text=_("Units of currency per home unit."))
    fx_rate_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=PayoutStatus.choices, default=PayoutStatus.IN_TRANSIT)
    settled_home_amount = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="payout")
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(home_amount__gt=0) & Q(amount__gt=0), name="payout_positive"),
            models.CheckConstraint(condition=Q(fx_rate__gt=0), name="payout_fx_positive"),
        ]
        indexes = [models.Index(fields=["store", "status"], name="payout_store_status")]

    def __str__(self):
        return f"{self.reference}: {self.paid}"

    @property
    def paid(self) -> str:
        """The amount in the seller's currency at its minor unit (``6253 JPY``)."""
        return str(Money(self.amount, self.currency_id))
