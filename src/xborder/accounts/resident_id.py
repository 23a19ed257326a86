"""Chinese resident identity card number (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit
sequence and a check character computed over the first 17 digits (REGULATION.md §5)."""

import datetime as dt
import re

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_FORMAT = re.compile(r"^[1-9]\d{16}[\dX]$")


def normalise_resident_id(raw: str) -> str:
    """Strip blanks and upper-case the check character (``x`` -> ``X``)."""
    return "".join(raw.split()).upper()


def check_character(first_17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first_17, WEIGHTS, strict=True)) % 11]


def resident_id_problem(id_number: str) -> str | None:
    """The stable error code of what is wrong with a normalised ID number, or ``None`` when it is valid."""
    if not _FORMAT.match(id_number):
        return "id_number_format"
    try:
        born = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return "id_number_birth_date"
    if not dt.date(1900, 1, 1) <= born <= dt.date.today():
        return "id_number_birth_date"
    if check_character(id_number[:17]) != id_number[17]:
        return "id_number_check_digit"
    return None
