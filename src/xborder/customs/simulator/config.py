"""Settings of the customs simulator, including the faults it can be told to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

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
    tax_function: TaxFunction = cbec_combined_rate_tax
    verifier: MessageVerifier = field(default_factory=XmlDsigVerifier)
    ledger_path: Path | None = None
    faults: Faults = field(default_factory=Faults)
