"""Money: an integer number of rupiah, written as Indonesians write it (PUEBI): Rp3.000.000.

The one formatter and the one parser; the template filters (templatetags/money.py), the
form field (fields.py), the timeline and the exports all use these."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Rp1 trillion: far above any grant, income or baseline the office records, and low enough
# that the reports' sums and products of amounts stay inside a database integer (an amount
# near 2**63 made the outcome report fail).
MAX_RUPIAH = 10**12

# 3000000 | 3.000.000 | Rp3.000.000 | Rp 3.000.000,00 (Indonesian: dots group thousands,
# a comma starts the cents, which must be zero: money is whole rupiah).
_RUPIAH = re.compile(r"^(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$", re.IGNORECASE)


def group_thousands(amount: int) -> str:
    """3000000 -> "3.000.000" (what a form shows back in its field)."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


def rupiah(amount: int) -> str:
    """3000000 -> "Rp3.000.000", -500 -> "-Rp500"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{group_thousands(abs(amount))}"


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
            params={"max": rupiah(MAX_RUPIAH)},
        )
    return amount
