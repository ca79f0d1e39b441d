"""Counts, decimals and percentages written as Indonesians write them: 1.234, 1,8, 45,6 %.

The one formatter of numbers besides money (money.py, Rp1.950.000): the template filters
(templatetags/money.py), the report's tables (reports/exports.py) and its charts use these,
and `XLSX_FORMATS` gives the XLSX export the same grouping as a number format, so a page
and its spreadsheet read alike. A CSV keeps plain numbers (1950000, 45.6): it is for
machines."""

from . import money

NONE = "\u2013"  # en dash, as the pages write "none"

# The kinds of number a report cell holds, and how each is written.
TEXT, COUNT, RUPIAH, PERCENT, DECIMAL = "text", "count", "rupiah", "percent", "decimal"

# The same grouping in a spreadsheet: Excel and LibreOffice draw the separators of the
# reader's locale (dots in Indonesian), the cell stays a number.
XLSX_FORMATS = {
    COUNT: "#,##0",
    RUPIAH: '"Rp"#,##0',
    PERCENT: "#,##0.0",  # percentage points (45.6), as the column's "(%)" says
    DECIMAL: "#,##0.0",
}


def count(n) -> str:
    """1234 -> "1.234"."""
    if n is None:
        return NONE
    return money.group_thousands(int(n))


def decimal(x, digits: int = 1) -> str:
    """1.75 -> "1,8"; 1234.5 -> "1.234,5"; digits=0 -> "1.235"."""
    if x is None:
        return NONE
    if digits <= 0:
        return count(round(x))
    whole, _, fraction = f"{abs(x):.{digits}f}".partition(".")
    sign = "-" if x < 0 and float(f"{abs(x):.{digits}f}") else ""
    return f"{sign}{money.group_thousands(int(whole))},{fraction}"


def percent(share, digits: int = 0) -> str:
    """A share (0..1) as a percentage: 0.38 -> "38 %", digits=1: 0.456 -> "45,6 %"."""
    if share is None:
        return NONE
    return f"{decimal(100 * share, digits)} %"


def points(value, digits: int = 1) -> str:
    """Percentage points (what the report's "(%)" columns hold): 45.6 -> "45,6 %"."""
    if value is None:
        return NONE
    return f"{decimal(value, digits)} %"


def rupiah(amount) -> str:
    """A whole or computed amount (a mean) rounded to whole rupiah: "Rp1.950.000"."""
    if amount is None:
        return NONE
    return money.rupiah(round(amount))


def figure(value, kind: str) -> str:
    """A report cell as the page writes it, by its kind (TEXT, COUNT, RUPIAH, ...)."""
    if value is None or value == "":
        return NONE if kind != TEXT else ""
    if kind == COUNT:
        return count(value)
    if kind == RUPIAH:
        return rupiah(value)
    if kind == PERCENT:
        return points(value)
    if kind == DECIMAL:
        return decimal(value)
    return str(value)
