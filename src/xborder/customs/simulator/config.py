"""Settings of the customs simulator, including the faults it can be told to show."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from xborder.customs import errors
from xborder.customs.errors import CustomsError
from xborder.customs.messages.signing import MessageVerifier, XmlDsigVerifier
from xborder.customs.simulator.tax import TaxFunction, cbec_combined_rate_tax


@dataclass
class Faults:
    """Failure modes for fault tests: ``down`` answers 503, ``slow_seconds`` delays every answer,
    ``reject_reason`` turns back every inventory list with that reason."""

    down: bool = False
    slow_seconds: float = 0.0
    reject_reason: str | None = None


@dataclass
class SimulatorConfig:
    """How the simulator behaves.

    ``receipt_delay`` is the wait before each receipt becomes visible (acceptance after one delay,
    release after two). ``hold_status`` (300 manual review or 500 inspection) holds accepted
    inventory lists until :meth:`CustomsSimulator.release` is called. ``ledger_path`` keeps the
    annual-quota ledger in a SQLite file of its own instead of memory. ``callback_url`` receives
    every receipt by POST (the HTTP service pushes; receipts stay pollable either way).
    """

    receipt_delay: timedelta = timedelta(0)
    hold_status: int | None = None
    callback_url: str | None = None
    annual_limit: Decimal = Decimal("26000.00")
    transaction_limit: Decimal = Decimal("5000.00")
    return_window: timedelta = timedelta(days=30)
    tax_function: TaxFunction = cbec_combined_rate_tax
    verifier: MessageVerifier = field(default_factory=XmlDsigVerifier)
    ledger_path: Path | None = None
    faults: Faults = field(default_factory=Faults)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> SimulatorConfig:
        """Settings from ``XBORDER_CUSTOMS_SIM_DELAY_SECONDS``, ``XBORDER_CUSTOMS_SIM_HOLD_STATUS``,
        ``XBORDER_CUSTOMS_SIM_CALLBACK_URL`` and ``XBORDER_CUSTOMS_SIM_LEDGER_PATH`` (all optional)."""
        env = os.environ if environ is None else environ
        delay = env.get("XBORDER_CUSTOMS_SIM_DELAY_SECONDS")
        hold = env.get("XBORDER_CUSTOMS_SIM_HOLD_STATUS")
        ledger = env.get("XBORDER_CUSTOMS_SIM_LEDGER_PATH")
        return cls(
            receipt_delay=parse_delay(delay) if delay else timedelta(0),
            hold_status=parse_hold_status(hold) if hold else None,
            callback_url=env.get("XBORDER_CUSTOMS_SIM_CALLBACK_URL") or None,
            ledger_path=Path(ledger) if ledger else None,
        )


HOLD_STATUSES = frozenset({300, 500})


def parse_delay(value: object) -> timedelta:
    """A receipt delay from seconds (number or numeric text), at least zero."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise _invalid(f"delay must be a number of seconds, got {value!r}") from None
    if not 0 <= seconds <= 86400:
        raise _invalid(f"delay must be between 0 and 86400 seconds, got {seconds}")
    return timedelta(seconds=seconds)


def parse_hold_status(value: object) -> int | None:
    """``None`` (no hold), ``300`` (manual review) or ``500`` (inspection)."""
    if value is None:
        return None
    try:
        status = int(value)
    except (TypeError, ValueError):
        raise _invalid(f"hold status must be 300 or 500, got {value!r}") from None
    if status not in HOLD_STATUSES:
        raise _invalid(f"hold status must be 300 or 500, got {status}")
    return status


def _invalid(message: str) -> CustomsError:
    return CustomsError(code=errors.SIMULATOR_CONFIG_INVALID, message=message)
