"""A grant's BAST number as the pages name it (the rule: programs.models.grants.bast_label)."""

from django import template

from ..models.grants import bast_label

register = template.Library()


@register.filter
def bast(number):
    """{{ grant.bast_number|bast }}: see programs.models.grants.bast_label."""
    return bast_label(number)
