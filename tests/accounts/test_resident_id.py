"""GB 11643-1999 check digit and the real-name identity rules (REGULATION.md §5, D12)."""

import pytest

from xborder.accounts.errors import IdentityError
from xborder.accounts.resident_id import check_character, resident_id_problem
from xborder.accounts.services import checked_resident_id

VALID = ["34052419800101001X", "11010519491231002X", "110101199003070011", "440305198502141230", "310115199206304565"]


@pytest.mark.parametrize("id_number", VALID, ids=VALID)
def test_regulation_vectors_are_valid(id_number):
    assert resident_id_problem(id_number) is None


@pytest.mark.parametrize(
    ("id_number", "expected_check"),
    [
        ("34052419800101001X", "X"),
        ("110101199003070011", "1"),
        ("440305198502141230", "0"),
        ("310115199206304565", "5"),
    ],
)
def test_check_character_is_weighted_sum_mod_11(id_number, expected_check):
    assert check_character(id_number[:17]) == expected_check


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("340524198001010013", "id_number_check_digit"),  # expected X
        ("130681136250023332", "id_number_birth_date"),  # the spec's sample: birth year 1362
        ("11010519491331002X", "id_number_birth_date"),  # month 13
        ("1101051949123100", "id_number_format"),
        ("01010519491231002X", "id_number_format"),
        ("11010519491231002Y", "id_number_format"),
    ],
    ids=["wrong-check", "spec-sample", "month-13", "too-short", "leading-zero", "bad-check-char"],
)
def test_invalid_numbers_get_a_stable_code(raw, code):
    with pytest.raises(IdentityError) as error:
        checked_resident_id(raw)
    assert error.value.code == code


def test_lower_case_x_is_normalised_to_upper_case():
    assert checked_resident_id(" 11010519491231002x ") == "11010519491231002X"
