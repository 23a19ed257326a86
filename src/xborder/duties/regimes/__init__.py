"""The pure duties engine: import regimes looked up by code.

>>> regime = get_regime("china_cbec")
>>> cost = regime.quote(package, on=date(2026, 11, 28), buyer=BuyerContext(annual_used=...))
"""

from __future__ import annotations

from xborder.duties import errors
from xborder.duties.errors import DutiesError
from xborder.duties.regimes.base import (
    BuyerContext,
    ImportRegime,
    LandedCost,
    LineCost,
    Package,
    PackageLine,
    Rates,
    UnitThreshold,
    Violation,
    money,
)
from xborder.duties.regimes.china import ChinaCbec, ChinaGeneralTrade, ChinaPostal
from xborder.duties.regimes.foreign import AuLowValue, EuIoss, UkLowValue, UsFormal
from xborder.duties.regimes.positive_list import PositiveList, PositiveListRule

REGIMES: dict[str, ImportRegime] = {
    regime.code: regime
    for regime in (
        ChinaCbec(),
        ChinaPostal(),
        ChinaGeneralTrade(),
        EuIoss(),
        UkLowValue(),
        AuLowValue(),
        UsFormal(),
    )
}


def get_regime(code: str) -> ImportRegime:
    """The regime registered under ``code``; ``DutiesError(unknown_regime)`` otherwise."""
    try:
        return REGIMES[code]
    except KeyError:
        raise DutiesError(
            errors.UNKNOWN_REGIME,
            f"Unknown regime {code!r}; known: {', '.join(sorted(REGIMES))}.",
            {"regime": "unknown"},
        ) from None


__all__ = [
    "REGIMES",
    "BuyerContext",
    "ImportRegime",
    "LandedCost",
    "LineCost",
    "Package",
    "PackageLine",
    "PositiveList",
    "PositiveListRule",
    "Rates",
    "UnitThreshold",
    "Violation",
    "get_regime",
    "money",
]
