"""Personal data at rest: Fernet encryption with rotatable keys, keyed-hash look-ups, masking, log redaction."""

import hashlib
import hmac
import logging
import re
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.PII_KEYS))


def encrypt(plaintext: str) -> str:
    return cipher().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("PII token cannot be decrypted with the configured XBORDER_PII_KEYS") from exc


def reencrypt(token: str) -> str:
    """Re-encrypt a token under the newest key (key rotation)."""
    return cipher().rotate(token.encode()).decode()


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalised value: lets us find a record by ID number without storing it in clear."""
    return hmac.new(settings.PII_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def mask_id_number(id_number: str) -> str:
    """``110105194912310021`` -> ``110105********0021``: region code and last four stay visible."""
    if len(id_number) < 10:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def mask_name(name: str) -> str:
    """``张三丰`` -> ``张**``; ``Li Wei`` -> ``L*****``."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_phone(phone: str) -> str:
    """``+8613812345678`` -> ``+86138****5678``."""
    return phone[:-8] + "****" + phone[-4:] if len(phone) >= 8 else "*" * len(phone)


class EncryptedTextField(models.TextField):
    """A text column that holds only Fernet ciphertext; Python code sees the plaintext."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)


# 18-character resident ID numbers (and 15-17 digit runs) anywhere in a log message.
_ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")


def redact(text: str) -> str:
    return _ID_PATTERN.sub(lambda m: m.group(1) + "********" + m.group(2), text)


class RedactPIIFilter(logging.Filter):
    """Masks resident ID numbers in every log record so they never reach a log file."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
