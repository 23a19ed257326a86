"""Currencies (ISO 4217) and dated FX rates."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.Model):
    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=60)
    minor_unit = models.PositiveSmallIntegerField(_("minor unit digits"))
    symbol = models.CharField(max_length=5, blank=True)

    class Meta:
        verbose_name_plural = "currencies"
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=models.Q(code__regex=r"^[A-Z]{3}$"), name="currency_iso_code")]

    def __str__(self):
        return self.code


class FxRate(models.Model):
    """``rate`` units of ``quote`` buy one unit of ``base``, from ``valid_from`` until a newer row."""

    base = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    quote = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    rate = models.DecimalField(max_digits=20, decimal_places=10)
    source = models.CharField(max_length=30, default="manual")
    valid_from = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["base", "quote", "-valid_from"]
        indexes = [models.Index(fields=["base", "quote", "-valid_from"], name="fxrate_pair_latest")]
        constraints = [
            models.UniqueConstraint(fields=["base", "quote", "source", "valid_from"], name="fxrate_unique_point"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="fxrate_positive"),
            models.CheckConstraint(condition=~models.Q(base=models.F("quote")), name="fxrate_distinct_pair"),
        ]

    def __str__(self):
        return f"1 {self.base_id} = {self.rate} {self.quote_id} ({self.source}, {self.valid_from:%Y-%m-%d})"
