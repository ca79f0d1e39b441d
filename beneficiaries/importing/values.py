"""One spreadsheet cell to one clean value, or a `CellError` saying in plain words why not.

Cells arrive as whatever the reader gives: text from a CSV; text, int, float, datetime or
None from an XLSX. Each function here takes such a value and returns the value the
registry stores. Nothing here touches the database.
"""

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import typed_text

from ..nik import parse_nik


class CellError(Exception):
    """A cell that cannot be read; `message` is shown to the user next to its row."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def text(value) -> str:
    """A cell as text: stripped, inner runs of whitespace made one space, without the
    apostrophe an export put before a formula start."""
    if value.__class__ is str:  # most cells: the same as below, without the type tests
        return " ".join((typed_text(value) if value[:1] == "'" else value).split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    # A CSV of our own export wrote "'=..." for a typed "=..." (core/spreadsheets.py).
    return " ".join(str(typed_text(value)).split())


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normal_key(value) -> str:
    """How names are compared: case, spaces and punctuation do not matter."""
    if isinstance(value, str):
        return _normal_key(value)
    return _normal_key(text(value))


_NOT_WORD = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=8192)  # the same few hundred names recur on every row
def _normal_key(value: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", value.casefold()).split())


# --------------------------------------------------------------------------------------
# NIK and KK number
# --------------------------------------------------------------------------------------

_NUMBER_WITH_EXPONENT = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")
_NUMBER_WITH_DECIMALS = re.compile(r"^\d+[.,]0+$")
_SPACES = re.compile(r"\s+")
_DOTS_AND_DASHES = re.compile(r"[.\-]")


def identity_number(value, *, what: str) -> str:
    """A NIK or KK number cell, cleaned of what people and spreadsheets add to it.

    Spaces, dots and dashes between digit groups and a leading apostrophe (Excel's "treat
    as text" mark) are removed. A value that a spreadsheet turned into a number is refused:
    a number keeps only 15 significant digits, so the last digits of a 16-digit NIK may
    have been changed without anyone noticing. `what` names the column in the messages.
    """
    if is_blank(value):
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise CellError(
            _(
                "The %(what)s is stored in the spreadsheet as a number (%(value)s), not as "
                "text. Spreadsheets keep only 15 digits of a number, so the last digits may "
                "have been changed. Format the column as Text and type the 16 digits from "
                "the card again."
            )
            % {"what": what, "value": _number_as_shown(value)}
        )
    raw = str(value).strip().lstrip("'").strip()
    compact = _SPACES.sub("", raw)
    if _NUMBER_WITH_EXPONENT.match(compact) or _NUMBER_WITH_DECIMALS.match(compact):
        raise CellError(
            _(
                "The %(what)s %(value)s was turned into a number by a spreadsheet (written "
                "with an exponent or decimals): digits have been lost. Format the column as "
                "Text and type the 16 digits from the card again."
            )
            % {"what": what, "value": raw}
        )
    compact = _DOTS_AND_DASHES.sub("", compact)
    if compact.isdigit() and len(compact) == 15:
        raise CellError(
            _(
                "The %(what)s %(value)s has 15 digits instead of 16. A spreadsheet that "
                "stored it as a number may have dropped a digit. Type the 16 digits from the "
                "card again, in a column formatted as Text."
            )
            % {"what": what, "value": compact}
        )
    return compact


def _number_as_shown(value) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value() and abs(number) < Decimal("1e16"):
        return str(int(number))
    return f"{float(number):.5E}"


def nik_info(nik: str):
    """The decoded NIK, or a CellError with the validator's message (same as the form)."""
    try:
        return parse_nik(nik)
    except ValidationError as error:
        raise CellError(" ".join(str(m) for m in error.messages)) from None


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------

MONTHS = {
    # Indonesian, with the abbreviations people write
    "januari": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2,
    "maret": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agust": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nop": 11, "nopember": 11,
    "desember": 12, "des": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 is 1900-01-01 (with Excel's leap bug)
# Five-digit serials only: 10000 is 1927-05-18, 60000 is 2064-04-08. A four-digit number is
# far more likely a year typed alone than a date before 1927.
SERIAL_RANGE = (10_000, 60_000)
EARLIEST_BIRTH = datetime.date(1900, 1, 1)

_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2,4})$")
_YMD = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[\s\-/.]*([^\W\d_]+)\.?[\s\-/.,]*(\d{2,4})$")
_SERIAL = re.compile(r"^(\d{5})(?:[.,]0+)?$")
_WITH_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(?::00)?$")


def birth_date(value, *, today: datetime.date | None = None) -> datetime.date | None:
    """dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd, `17 Agustus 1980`, an Excel serial or a real
    date cell. Day before month, as everywhere in Indonesia. `today` (for the check
    against the future) may be given once per file rather than looked up per row."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        result = _from_serial(value, shown=text(value))
    else:
        result = _from_text(text(value))
    if result < EARLIEST_BIRTH:
        raise CellError(_("%(value)s is before 1900: check the year.") % {"value": _shown(result)})
    if result > (today or timezone.localdate()):
        raise CellError(
            _("%(value)s is in the future: check the year.") % {"value": _shown(result)}
        )
    return result


def _shown(date):
    return date.strftime("%d/%m/%Y")


def _from_serial(number, *, shown):
    if not float(number).is_integer() or not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        raise CellError(
            _("%(value)s is not a date. Write the date as day/month/year, e.g. 17/08/1980.")
            % {"value": shown}
        )
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def _from_text(value):
    if match := _WITH_TIME.match(value):
        value = match[1]
    if match := _YMD.match(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DMY.match(value):
        day, month, year = int(match[1]), int(match[2]), match[3]
        year = _four_digit_year(year, value)
    elif match := _D_MONTH_Y.match(value):
        day, month_name, year = int(match[1]), match[2].casefold(), match[3]
        if month_name not in MONTHS:
            raise CellError(
                _("%(value)s: %(month)s is not the name of a month.")
                % {"value": value, "month": match[2]}
            )
        month = MONTHS[month_name]
        year = _four_digit_year(year, value)
    elif match := _SERIAL.match(value):
        return _from_serial(int(match[1]), shown=value)
    elif value.isdigit() and len(value) == 4:
        raise CellError(
            _("%(value)s is only a year. Write the full date of birth as day/month/year.")
            % {"value": value}
        )
    else:
        raise CellError(
            _("%(value)s is not a date. Write the date as day/month/year, e.g. 17/08/1980.")
            % {"value": value}
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(
            _(
                "%(value)s is not a date that exists (day %(day)s, month %(month)s). Dates "
                "are read as day/month/year."
            )
            % {"value": value, "day": day, "month": month}
        ) from None


def _four_digit_year(year: str, value: str) -> int:
    if len(year) != 4:
        raise CellError(
            _(
                "%(value)s has a two-digit year, which could be 19.. or 20... Write the year "
                "with four digits."
            )
            % {"value": value}
        )
    return int(year)


# --------------------------------------------------------------------------------------
# Sex, phone, free text
# --------------------------------------------------------------------------------------

SEXES = {
    "l": "L", "lk": "L", "laki": "L", "laki laki": "L", "lakilaki": "L", "pria": "L",
    "male": "L", "m": "L", "man": "L",
    "p": "P", "pr": "P", "perempuan": "P", "wanita": "P", "female": "P", "f": "P",
    "woman": "P",
}  # fmt: skip


def sex(value) -> str:
    if is_blank(value):
        raise CellError(_("Enter the sex: L (laki-laki) or P (perempuan)."))
    key = normal_key(value)
    if key not in SEXES:
        raise CellError(
            _("%(value)s is not a sex. Write L (laki-laki) or P (perempuan).")
            % {"value": text(value)}
        )
    return SEXES[key]


_NOT_PHONE = re.compile(r"[^\d+]")
_PHONE = re.compile(r"\+?\d{6,15}")


def phone(value) -> str:
    """Digits (and a leading +) only. A mobile number that a spreadsheet stored as a number
    lost its leading 0 (8123... instead of 08123...): it is put back."""
    if is_blank(value):
        return ""
    raw = text(value)
    digits = _NOT_PHONE.sub("", raw)
    if not _PHONE.fullmatch(digits):
        raise CellError(_("%(value)s is not a phone number (6 to 15 digits).") % {"value": raw})
    if digits.startswith("8") and 9 <= len(digits) <= 12:
        digits = "0" + digits
    return digits


def limited_text(value, *, max_length: int) -> str:
    result = text(value)
    if len(result) > max_length:
        raise CellError(
            _("Too long: at most %(max)d characters, this has %(length)d.")
            % {"max": max_length, "length": len(result)}
        )
    return result


_SPLIT_OUTSIDE_PARENTHESES = re.compile(r"[,;\n|](?![^()]*\))")


def several(value) -> list[str]:
    """A cell that may hold several names: split on commas, semicolons, new lines or bars,
    never inside parentheses (`Psikososial (skizofrenia, bipolar)` is one name)."""
    if is_blank(value):
        return []
    parts = _SPLIT_OUTSIDE_PARENTHESES.split(str(value))
    return [part.strip() for part in parts if part.strip()]
