"""Data of the duties engine: dated HS rates, the versioned positive list, and the buyer quota ledger.

The ledger never stores a counter: a buyer's annual use is the sum of its entries. ``QuotaYear`` is
one row per (ID hash, calendar year) that reservations lock, so concurrent reservations serialise.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xborder.duties.regimes import Rates
from xborder.duties.tables import parse_thresholds

RATE = {"max_digits": 6, "decimal_places": 4}
MONEY = {"max_digits": 14, "decimal_places": 2}


def rate_in_range(field: str) -> Q:
    return Q(**{f"{field}__gte": 0, f"{field}__lt": 1})


# Postal articles tax bands since 9 Apr 2019 (税委会〔2019〕17号).
POSTAL_BANDS = [
    (Decimal("0.1300"), _("13% (books, food, IT, toys, medicines)")),
    (Decimal("0.2000"), _("20% (textiles, appliances, sporting goods, other)")),
    (Decimal("0.5000"), _("50% (tobacco, alcohol, jewellery, golf, high-end watches and cosmetics)")),
]


class HsRate(models.Model):
    """Rates of one 10-digit HS code from ``valid_from`` until ``valid_to`` (exclusive, open when blank).

    ``ct_thresholds`` holds the D8 rule as data: blank means the CT rate always applies, otherwise
    ``"10.00/ml 10.00/g 15.00/piece"`` means it applies from that value per legal unit."""

    hs_code = models.CharField(_("HS code"), max_length=10)
    description = models.CharField(max_length=200)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    tariff_rate = models.DecimalField(_("MFN tariff rate"), **RATE)
    vat_rate = models.DecimalField(_("VAT rate"), **RATE)
    ct_rate = models.DecimalField(_("consumption tax rate"), default=Decimal("0"), **RATE)
    ct_thresholds = models.CharField(
        _("consumption tax thresholds"), max_length=80, blank=True, help_text=_("e.g. 10.00/ml 10.00/g 15.00/piece")
    )
    postal_rate = models.DecimalField(_("postal band rate"), choices=POSTAL_BANDS, null=True, blank=True, **RATE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["hs_code", "-valid_from"]
        verbose_name = "HS rate"
        constraints = [
            models.UniqueConstraint(fields=["hs_code", "valid_from"], name="hsrate_one_row_per_code_and_start"),
            models.CheckConstraint(condition=Q(hs_code__regex=r"^[0-9]{10}$"), name="hsrate_hs_code_10_digits"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="hsrate_valid_to_after_valid_from",
            ),
            models.CheckConstraint(condition=rate_in_range("tariff_rate"), name="hsrate_tariff_rate_range"),
            models.CheckConstraint(condition=rate_in_range("vat_rate"), name="hsrate_vat_rate_range"),
            models.CheckConstraint(condition=rate_in_range("ct_rate"), name="hsrate_ct_rate_range"),
        ]
        indexes = [models.Index(fields=["hs_code", "valid_from", "valid_to"], name="hsrate_lookup")]

    def __str__(self):
        return f"{self.hs_code} {self.description} (from {self.valid_from})"

    def clean(self):
        try:
            parse_thresholds(self.ct_thresholds)
        except ValueError as exc:
            raise ValidationError({"ct_thresholds": str(exc)}) from None

    @property
    def ct_rule(self) -> str:
        """How the consumption tax applies: never, always, or from a unit-value threshold (D8)."""
        if not self.ct_rate:
            return "none"
        return "unit_value_threshold" if self.ct_thresholds.strip() else "always"

    def as_rates(self) -> Rates:
        """The engine's view of this row."""
        return Rates(
            tariff=self.tariff_rate,
            vat=self.vat_rate,
            consumption_tax=self.ct_rate,
            ct_thresholds=parse_thresholds(self.ct_thresholds),
            postal=self.postal_rate,
        )


class PositiveListEntry(models.Model):
    """One 8-digit tariff line of a positive-list version, with the constraints of its note (D11)."""

    version = models.CharField(max_length=20)
    effective_from = models.DateField()
    tariff_line = models.CharField(max_length=8)
    description = models.CharField(max_length=200)
    trade_modes = models.CharField(
        max_length=20, blank=True, help_text=_("Customs modes allowed, e.g. '1210'; blank allows every CBEC mode")
    )
    annual_cap = models.DecimalField(
        _("per-person annual quantity cap"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    cap_unit = models.CharField(max_length=6, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-effective_from", "tariff_line"]
        verbose_name_plural = "positive list entries"
        constraints = [
            models.UniqueConstraint(fields=["version", "tariff_line"], name="positivelist_line_once_per_version"),
            models.CheckConstraint(condition=Q(tariff_line__regex=r"^[0-9]{8}$"), name="positivelist_8_digits"),
            models.CheckConstraint(
                condition=Q(annual_cap__isnull=True) | (Q(annual_cap__gt=0) & ~Q(cap_unit="")),
                name="positivelist_cap_has_unit",
            ),
        ]
        indexes = [models.Index(fields=["effective_from", "tariff_line"], name="positivelist_lookup")]

    def __str__(self):
        return f"{self.tariff_line} ({self.version})"


class QuotaYear(models.Model):
    """A buyer's (ID-number hash) calendar year in Asia/Shanghai: the row reservations lock."""

    id_hash = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "id_hash"]
        constraints = [models.UniqueConstraint(fields=["id_hash", "year"], name="quotayear_one_per_buyer_and_year")]

    def __str__(self):
        return f"{self.id_hash[:8]}… {self.year}"


class QuotaEntryKind(models.TextChoices):
    RESERVED = "reserved", _("reserved at order placement")
    COMMITTED = "committed", _("committed on customs release")
    RELEASED = "released", _("released (cancellation, rejection or return)")


class QuotaEntry(models.Model):
    """One immutable ledger entry. Reserved entries add the package's dutiable value, released ones
    subtract what is given back, committed ones (amount 0) record the customs release: the annual use
    is the sum of amounts, and the entries are the audit trail."""

    quota_year = models.ForeignKey(QuotaYear, on_delete=models.PROTECT, related_name="entries")
    package_ref = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=QuotaEntryKind.choices)
    amount = models.DecimalField(**MONEY)
    quantities = models.JSONField(
        default=dict, blank=True, help_text=_("Capped quantities by tariff line, in base units (g, ml, piece)")
    )
    reason = models.CharField(max_length=200, blank=True)
    actor = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "quota entries"
        constraints = [
            models.UniqueConstraint(
                fields=["package_ref"], condition=Q(kind="reserved"), name="quotaentry_one_reservation_per_package"
            ),
            models.UniqueConstraint(
                fields=["package_ref"], condition=Q(kind="committed"), name="quotaentry_one_commit_per_package"
            ),
            models.CheckConstraint(
                condition=(Q(kind="reserved") & Q(amount__gte=0))
                | (Q(kind="committed") & Q(amount=0))
                | (Q(kind="released") & Q(amount__lte=0)),
                name="quotaentry_amount_sign_by_kind",
            ),
        ]
        indexes = [models.Index(fields=["quota_year", "package_ref"], name="quotaentry_package")]

    def __str__(self):
        return f"{self.kind} {self.amount} for {self.package_ref}"
