"""Rupiah as people type it and as the pages show it."""

import pytest
from django.core.exceptions import ValidationError

from programs import money
from programs.fields import RupiahField
from programs.money import parse_rupiah
from programs.templatetags.money import rupiah


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3000000", 3_000_000),
        ("3.000.000", 3_000_000),
        ("Rp3.000.000", 3_000_000),
        ("Rp 3.000.000,00", 3_000_000),
        ("rp. 750.000", 750_000),
        ("0", 0),
    ],
)
def test_accepted_forms(text, value):
    assert parse_rupiah(text) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("-3000", "negative"),
        ("3.000.000,50", "cents"),
        ("tiga juta", "invalid"),
        ("3,000,000", "invalid"),
        ("3.00.000", "invalid"),
    ],
)
def test_refused_forms(text, code):
    with pytest.raises(ValidationError) as excinfo:
        parse_rupiah(text)

    assert excinfo.value.code == code


@pytest.mark.parametrize(
    ("value", "shown"),
    [(3_000_000, "Rp3.000.000"), (0, "Rp0"), (750, "Rp750"), (None, "\u2013")],
)
def test_shown_in_puebi_style(value, shown):
    assert rupiah(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(3_000_000, "Rp3.000.000"), (-2_500_000, "-Rp2.500.000"), (10**12, "Rp1.000.000.000.000")],
)
def test_one_formatter_for_pages_forms_and_messages(value, shown):
    assert money.rupiah(value) == shown == rupiah(value)
    assert RupiahField().prepare_value(abs(value)) == shown.lstrip("-").removeprefix("Rp")
