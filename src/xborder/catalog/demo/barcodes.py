"""EAN-13 barcodes with the GS1 prefix of the brand's country and a valid check digit."""

GS1_PREFIXES = {
    "JP": "49", "KR": "880", "US": "0", "CA": "06", "DE": "40", "NL": "87", "CH": "76", "DK": "57", "FR": "30",
    "IT": "80", "ES": "84", "IE": "539", "GB": "50", "AU": "93", "NZ": "94", "CN": "690", "HK": "489",
}  # fmt: skip


def ean13_check_digit(first12: str) -> str:
    """GS1 check digit: weights 1 and 3 alternate from the left over the first twelve digits."""
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(first12))
    return str((10 - total % 10) % 10)


def is_valid_ean13(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and ean13_check_digit(code[:12]) == code[12]


def ean13(country: str, serial: int) -> str:
    """The barcode of item ``serial`` of a demo brand from ``country``."""
    prefix = GS1_PREFIXES.get(country, "20")
    width = 12 - len(prefix)
    first12 = f"{prefix}{serial % 10**width:0{width}d}"
    return first12 + ean13_check_digit(first12)
