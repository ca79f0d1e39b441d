import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# 3000000 | 3.000.000 | Rp3.000.000 | Rp 3.000.000,00 (Indonesian: dots group thousands,
# a comma starts the cents, which must be zero: money is whole rupiah).
_RUPIAH = re.compile(r"^(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$", re.IGNORECASE)

# Rp1 trillion: far above any grant, income or baseline the office records, and low enough
# that the reports' sums and products of amounts stay inside a database integer (an amount
# near 2**63 made the outcome report fail).
MAX_RUPIAH = 10**12


def format_rupiah(value: int) -> str:
    return "Rp" + f"{value:,}".replace(",", ".")


def parse_rupiah(text: str) -> int:
    value = text.strip().replace("\u00a0", " ")
    if value.startswith("-"):
        raise ValidationError(_("An amount of money cannot be negative."), code="negative")
    match = _RUPIAH.match(value)
    if not match:
        raise ValidationError(
            _("Enter an amount in rupiah, for example 3000000 or Rp3.000.000."), code="invalid"
        )
    whole, cents = match.groups()
    if cents and int(cents) != 0:
        raise ValidationError(
            _("Amounts are whole rupiah; the part after the comma must be zero."), code="cents"
        )
    amount = int(whole.replace(".", ""))
    if amount > MAX_RUPIAH:
        raise ValidationError(
            _("Enter an amount of at most %(max)s."),
            code="too_large",
            params={"max": format_rupiah(MAX_RUPIAH)},
        )
    return amount


class RupiahField(forms.CharField):
    """A whole number of rupiah, typed the ways people write money in Indonesia."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_rupiah(value)
