"""The NIK (Nomor Induk Kependudukan) rules, in one place.

A NIK is 16 digits: 1-6 the district where it was issued, 7-8 the day of birth (+40 for
women), 9-10 the month, 11-12 the year, 13-16 a serial number (never 0000).

Two kinds of finding:

* errors (`validate_nik_format`, `parse_nik`): the value cannot be a NIK at all. Refused.
* warnings (`nik_warnings`): the value is a possible NIK that disagrees with something
  else: a district code that is not (or no longer) a district, or a birth date or sex that
  does not match the record. A NIK never changes after a move or a district split, so
  these are shown to the worker to confirm, never refused.

The form, the admin and the import all call these functions; nothing else re-implements
the rules.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.form_warnings import FieldWarning

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40

# What a spreadsheet makes of a 16-digit number: 3.52201E+15, 3522015507800001.0
_SPREADSHEET_NUMBER = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$|^\d+[.,]0+$")


@dataclass(frozen=True)
class NikInfo:
    district_prefix: str  # six digits, no dots
    birth_day: int
    birth_month: int
    birth_year_2: int  # the two digits of the year: the century is not encoded
    sex: str  # "L" or "P", as Client.Sex

    @property
    def district_code(self):
        """The prefix written as a Kemendagri district code: 352212 -> 35.22.12."""
        p = self.district_prefix
        return f"{p[0:2]}.{p[2:4]}.{p[4:6]}"

    @property
    def birth_date_display(self):
        """Day, month and the two year digits the NIK holds, e.g. 15-07-80."""
        return f"{self.birth_day:02d}-{self.birth_month:02d}-{self.birth_year_2:02d}"


def clean_nik_input(value: str) -> str:
    """Remove the whitespace people type inside a NIK; change nothing else."""
    return re.sub(r"\s+", "", value or "")


def parse_nik(value: str) -> NikInfo:
    """Decode a NIK, raising ValidationError (with a code) if it cannot be one."""
    if _SPREADSHEET_NUMBER.match(value):
        raise ValidationError(
            _(
                "This looks like a NIK that a spreadsheet turned into a number (%(value)s): "
                "digits have been lost. Type the 16 digits from the ID card."
            ),
            code="nik_spreadsheet_number",
            params={"value": value},
        )
    # ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and the digits
    # of other scripts, which no ID card carries.
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(
            _("A NIK consists of digits only."), code="nik_not_digits", params={"value": value}
        )
    if len(value) != NIK_LENGTH:
        raise ValidationError(
            _("A NIK has 16 digits; this one has %(length)d."),
            code="nik_length",
            params={"length": len(value), "value": value},
        )
    day = int(value[6:8])
    month = int(value[8:10])
    year_2 = int(value[10:12])
    serial = value[12:16]
    if month < 1 or month > 12:
        raise ValidationError(
            _("Digits 9-10 of a NIK are the month of birth (01-12); %(month)s is not a month."),
            code="nik_month",
            params={"month": value[8:10], "value": value},
        )
    sex = "P" if day > FEMALE_DAY_OFFSET else "L"
    real_day = day - FEMALE_DAY_OFFSET if sex == "P" else day
    if not 1 <= real_day <= 31:
        raise ValidationError(
            _(
                "Digits 7-8 of a NIK are the day of birth (01-31, or 41-71 for women); "
                "%(day)s is not possible."
            ),
            code="nik_day",
            params={"day": value[6:8], "value": value},
        )
    if not _day_exists(real_day, month, year_2):
        raise ValidationError(
            _("Digits 7-12 of this NIK encode a date that does not exist (%(date)s)."),
            code="nik_date",
            params={"date": f"{real_day:02d}-{month:02d}-{year_2:02d}", "value": value},
        )
    if serial == "0000":
        raise ValidationError(
            _("The last four digits of a NIK are a serial number and are never 0000."),
            code="nik_serial",
            params={"value": value},
        )
    return NikInfo(value[:6], real_day, month, year_2, sex)


def _day_exists(day, month, year_2):
    # The century is not encoded; a leap year in either century allows 29 February.
    for century in (1900, 2000):
        try:
            datetime.date(century + year_2, month, day)
            return True
        except ValueError:
            continue
    return False


def validate_nik_format(value: str) -> None:
    """Model/form field validator: hard errors only. Empty values are the field's business."""
    if value:
        parse_nik(value)


def nik_warnings(
    info: NikInfo,
    *,
    birth_date: datetime.date | None,
    sex: str | None,
    district_known: bool,
) -> list[FieldWarning]:
    """The confirmable disagreements between a valid NIK and the rest of the record.

    The caller says whether the prefix is a known district (`district_known`): the form asks
    the database for one code, an import checks a set of all of them.
    """
    warnings = []
    if not district_known:
        warnings.append(
            FieldWarning(
                "nik",
                "nik_unknown_district",
                str(
                    _(
                        "The first six digits (%(code)s) are not a current district code. "
                        "This can be right for a NIK issued before a district was split."
                    )
                    % {"code": info.district_code}
                ),
            )
        )
    if birth_date is not None and (
        birth_date.day != info.birth_day
        or birth_date.month != info.birth_month
        or birth_date.year % 100 != info.birth_year_2
    ):
        warnings.append(
            FieldWarning(
                "birth_date",
                "nik_birth_date_mismatch",
                str(
                    _(
                        "The NIK encodes the birth date %(nik_date)s, which differs from the "
                        "date of birth entered."
                    )
                    % {"nik_date": info.birth_date_display}
                ),
            )
        )
    if sex and sex != info.sex:
        warnings.append(
            FieldWarning(
                "sex",
                "nik_sex_mismatch",
                str(
                    _("The NIK is that of a woman, but the sex entered is male.")
                    if info.sex == "P"
                    else _("The NIK is that of a man, but the sex entered is female.")
                ),
            )
        )
    return warnings


def compose_nik(*, district_code: str, birth_date: datetime.date, sex: str, serial: int) -> str:
    """The NIK a person with these facts would be given (for demo data and tests)."""
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == "P" else 0)
    return (
        f"{district_code.replace('.', '')}{day:02d}{birth_date.month:02d}"
        f"{birth_date.year % 100:02d}{serial:04d}"
    )
