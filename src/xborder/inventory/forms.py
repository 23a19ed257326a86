"""Forms of the inbound pages; they only shape input, ``inbound`` holds the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xborder.inventory.models import Supplier, Warehouse, WarehouseKind
from xborder.sellers.models import Store, StoreKind


class PurchaseOrderForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.order_by("name"))
    store = forms.ModelChoiceField(
        label=_("Store"), queryset=Store.objects.filter(kind=StoreKind.SELF_OPERATED).order_by("name")
    )
    warehouse = forms.ModelChoiceField(
        label=_("Bonded warehouse"), queryset=Warehouse.objects.filter(kind=WarehouseKind.BONDED).order_by("code")
    )
    expected_on = forms.DateField(label=_("Expected on"), required=False)
    lines = forms.CharField(
        label=_("Lines"),
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "SKU, quantity, unit cost"}),
        help_text=_("One line per variant: SKU, quantity, unit cost in the supplier's currency."),
    )

    def parsed_lines(self) -> list[tuple[str, str, str]]:
        """``(sku, quantity, unit cost)`` as typed; the service checks the values."""
        rows = []
        for number, text in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            if not text.strip():
                continue
            parts = [part.strip() for part in text.split(",")]
            if len(parts) != 3:
                raise forms.ValidationError(_("Line %(n)s: give SKU, quantity and unit cost."), params={"n": number})
            rows.append((parts[0], parts[1], parts[2]))
        if not rows:
            raise forms.ValidationError(_("Order at least one variant."))
        return rows
