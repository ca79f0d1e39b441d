"""Counts, decimals and report cells on the pages, through programs/numbers.py."""

from django import template

from .. import numbers

register = template.Library()


@register.filter
def count(value):
    """{{ n|count }}: 1234 -> 1.234."""
    return numbers.count(value)


@register.filter
def decimal(value, digits=1):
    """{{ x|decimal }}: 1.75 -> 1,8; {{ x|decimal:2 }}."""
    return numbers.decimal(value, int(digits))


@register.filter
def figure(value, kind):
    """{{ cell|figure:kind }}: a report cell by its kind (programs/numbers.py)."""
    return numbers.figure(value, kind)
