"""Quotes per second of the pure duties engine, in process, on one core.

Run: ``python bench/duties.py`` (writes ``bench/results/duties.json``). Target: >= 20,000 one-line
CBEC quotes per second.
"""

from __future__ import annotations

import json
import os
import platform
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from xborder.duties.regimes import Package, PackageLine, Rates, UnitThreshold, get_regime

ON = date(2026, 11, 28)
RESULTS = Path(__file__).resolve().parent / "results" / "duties.json"
COSMETICS = Rates(
    tariff=Decimal("0.01"),
    vat=Decimal("0.13"),
    consumption_tax=Decimal("0.15"),
    ct_thresholds=(UnitThreshold(Decimal("10.00"), "ml"), UnitThreshold(Decimal("15.00"), "piece")),
)
ORDINARY = Rates(vat=Decimal("0.13"))


def package(lines: int) -> Package:
    """A package of ``lines`` lines, alternating ordinary goods and high-end cosmetics, with freight."""
    return Package(
        lines=tuple(
            PackageLine(
                unit_price=Decimal("199.00") + index,
                quantity=1 + index % 3,
                rates=COSMETICS if index % 2 else ORDINARY,
                hs_code="3304990099" if index % 2 else "",
                legal_quantity=Decimal("50") if index % 2 else None,
                legal_unit="ml",
            )
            for index in range(lines)
        ),
        freight=Decimal("25.00"),
        insurance=Decimal("1.50"),
    )


def quotes_per_second(regime_code: str, lines: int, seconds: float = 2.0) -> float:
    """Quote the same package repeatedly for about ``seconds`` and return the rate."""
    regime, draft = get_regime(regime_code), package(lines)
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for _ in range(500):
            regime.quote(draft, on=ON)
        count += 500
    return count / elapsed


def main() -> None:
    results = {
        "python": platform.python_version(),
        "machine": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_before": round(os.getloadavg()[0], 2),
        "quotes_per_second": {
            f"{code}_{lines}_line": round(quotes_per_second(code, lines))
            for code in ("china_cbec", "china_general_trade")
            for lines in (1, 10)
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
