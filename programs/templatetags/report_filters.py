"""Display help for the outcome report's filter form (templates/programs/report_outcomes.html)."""

from django import template

from ..reports.figures import ReportFilters

register = template.Library()


@register.filter
def filters_set(form):
    """Whether the report's filters are worth showing open: the form narrows the report
    (its filters differ from ReportFilters' defaults, all of the province by grant date) or
    has an error to correct. An unbound form, or one sent back with the defaults, does not."""
    if not form.is_bound:
        return False
    return bool(form.errors) or form.to_filters() != ReportFilters()
