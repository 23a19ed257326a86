from django import forms
from django.utils.translation import gettext_lazy as _


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    display_name = forms.CharField(label=_("Display name"), max_length=60, required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=8)


class AddressForm(forms.Form):
    recipient = forms.CharField(label=_("Recipient"), max_length=60)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20)
    province = forms.CharField(label=_("Province"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=30)
    district = forms.CharField(label=_("District"), max_length=30)
    district_code = forms.RegexField(label=_("District code"), regex=r"^\d{6}$", max_length=6)
    detail = forms.CharField(label=_("Street address"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=6, required=False)
    is_default = forms.BooleanField(label=_("Use as default"), required=False)


class NoEchoTextInput(forms.TextInput):
    """Never renders a submitted value back into the page (the ID number must not be echoed)."""

    def format_value(self, value):
        return None


class IdentityForm(forms.Form):
    name = forms.CharField(label=_("Real name (as on the ID card)"), max_length=60)
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=18,
        min_length=18,
        widget=NoEchoTextInput(attrs={"autocomplete": "off"}),
    )
