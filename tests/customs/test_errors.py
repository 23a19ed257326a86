"""Error codes are data: every code constant is listed and unique."""

from xborder.customs import errors
from xborder.customs.messages import consistency


def _constants(module) -> dict[str, str]:
    return {name: value for name, value in vars(module).items() if name.isupper() and isinstance(value, str)}


def test_every_error_code_is_listed_in_all_codes():
    assert set(_constants(errors).values()) == errors.ALL_CODES


def test_violation_codes_are_unique_snake_case():
    codes = [
        value for name, value in _constants(consistency).items() if not name.startswith("_") and not value.isdigit()
    ]

    assert len(codes) == len(set(codes))
    assert all(code.replace("_", "").isalpha() and code.islower() for code in codes)
