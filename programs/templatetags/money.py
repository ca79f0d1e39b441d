"""Money and shares on the pages, through the one formatter of each (programs/money.py,
programs/numbers.py)."""

from django import template

from .. import money, numbers

register = template.Library()


@register.filter
def rupiah(value):
    """An integer number of rupiah as Indonesians write it: Rp3.000.000 (programs/money.py)."""
    if value is None or value == "":
        return "\u2013"  # en dash, as the pages write "none"
    return money.rupiah(int(value))


@register.filter
def rupiah_abs(value):
    """The amount without its sign, for "+Rp…"/"-Rp…" changes written by the template."""
    if value is None or value == "":
        return rupiah(value)
    return rupiah(abs(int(value)))


@register.filter
def rupiah_round(value):
    """A computed amount (a median, a mean) rounded to whole rupiah."""
    if value is None or value == "":
        return rupiah(value)
    return rupiah(round(value))


@register.filter
def percent(value):
    """A share (0..1) as a whole percentage: 0.38 -> 38 % (programs/numbers.py)."""
    return numbers.percent(value)
