"""How goods of each fulfilment mode enter the home territory: the import regime that taxes them, the
customs mode they are declared under, and how long delivery takes."""

from dataclasses import dataclass

from xborder.catalog.models import FulfilmentMode

CBEC_CUSTOMS_MODES = frozenset({"1210", "9610"})


@dataclass(frozen=True, slots=True)
class Route:
    regime: str
    customs_mode: str
    delivery_days: tuple[int, int]

    @property
    def engine_customs_mode(self) -> str:
        """The customs mode the duties engine checks the positive list against (CBEC modes only)."""
        return self.customs_mode if self.customs_mode in CBEC_CUSTOMS_MODES else ""


ROUTES = {
    FulfilmentMode.BONDED: Route("china_cbec", "1210", (1, 3)),
    FulfilmentMode.DIRECT_MAIL: Route("china_cbec", "9610", (7, 15)),
    FulfilmentMode.POSTAL: Route("china_postal", "postal", (10, 20)),
    FulfilmentMode.GENERAL_TRADE: Route("china_general_trade", "general", (5, 10)),
}
