"""Error types of the customs app, each with a stable ``code``.

Callers (services, the API, the simulator) branch on ``code``, never on the message text.
Codes are grouped by the step that raises them:

* building a message: ``value_not_decimal``, ``value_invalid``, ``document_count_invalid``,
  ``too_many_lines``,
  ``message_schema_invalid``, ``signature_required``;
* declaring a package: ``declaration_inconsistent`` (carries the §6.5 violations);
* reading XML that came from outside: ``xml_malformed``, ``xml_wrong_root``, ``xml_schema_invalid``;
* signatures: ``signature_missing``, ``signature_invalid``, ``signing_failed``, ``test_key_unavailable``;
* talking to the single window (or the simulator): ``gateway_unavailable``;
* configuring the simulator: ``simulator_config_invalid``.

Cross-document violation codes (returned as data, not raised) are listed in
:mod:`xborder.customs.messages.consistency`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

VALUE_NOT_DECIMAL = "value_not_decimal"
VALUE_INVALID = "value_invalid"
DOCUMENT_COUNT_INVALID = "document_count_invalid"
TOO_MANY_LINES = "too_many_lines"
MESSAGE_SCHEMA_INVALID = "message_schema_invalid"
SIGNATURE_REQUIRED = "signature_required"
DECLARATION_INCONSISTENT = "declaration_inconsistent"
XML_MALFORMED = "xml_malformed"
XML_WRONG_ROOT = "xml_wrong_root"
XML_SCHEMA_INVALID = "xml_schema_invalid"
SIGNATURE_MISSING = "signature_missing"
SIGNATURE_INVALID = "signature_invalid"
SIGNING_FAILED = "signing_failed"
TEST_KEY_UNAVAILABLE = "test_key_unavailable"
GATEWAY_UNAVAILABLE = "gateway_unavailable"
SIMULATOR_CONFIG_INVALID = "simulator_config_invalid"

ALL_CODES = frozenset(
    {
        VALUE_NOT_DECIMAL,
        VALUE_INVALID,
        DOCUMENT_COUNT_INVALID,
        TOO_MANY_LINES,
        MESSAGE_SCHEMA_INVALID,
        SIGNATURE_REQUIRED,
        DECLARATION_INCONSISTENT,
        XML_MALFORMED,
        XML_WRONG_ROOT,
        XML_SCHEMA_INVALID,
        SIGNATURE_MISSING,
        SIGNATURE_INVALID,
        SIGNING_FAILED,
        TEST_KEY_UNAVAILABLE,
        GATEWAY_UNAVAILABLE,
        SIMULATOR_CONFIG_INVALID,
    }
)


@dataclass
class CustomsError(Exception):
    """Base error of the customs app: a stable ``code``, a human message and optional details."""

    code: str
    message: str
    details: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        super().__init__(f"{self.code}: {self.message}")


class MessageBuildError(CustomsError):
    """A declaration message could not be built from the given draft."""


class MessageReadError(CustomsError):
    """XML received from outside (a receipt or a submitted message) is malformed or invalid."""


class SignatureError(CustomsError):
    """A message could not be signed, or its signature is missing or does not verify."""


@dataclass
class GatewayUnavailable(CustomsError):
    """The customs single window (or its simulator) is down; the message was not received."""


@dataclass
class DeclarationInconsistent(CustomsError):
    """The four documents of a package break the cross-document rules (REGULATION §6.5)."""

    violations: Sequence[object] = field(default_factory=tuple)
