"""Carrier clients for carriers without webhooks: the poller asks them for a parcel's events.

A real client calls the carrier's tracking API with the tracking number; the sandbox client plays a fixed,
realistic script from the moment the leg started, so polling it repeatedly returns the same events (same ids).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from xborder.logistics.models import CarrierClientKind, EventCode, LegKind


@dataclass(frozen=True)
class CarrierEvent:
    """One event as a carrier reports it; ``event_id`` is unique per carrier."""

    event_id: str
    tracking_number: str
    code: str
    occurred_at: dt.datetime
    location: str = ""
    description: str = ""


@dataclass(frozen=True)
class TrackedParcel:
    tracking_number: str
    leg_kind: str
    started_at: dt.datetime


class CarrierClient(Protocol):
    def fetch_events(self, *, parcel: TrackedParcel, now: dt.datetime) -> list[CarrierEvent]: ...


E = EventCode
# (hours after the leg started, event code, location)
SCRIPTS = {
    LegKind.DOMESTIC: [
        (2, E.PICKED_UP, "Dispatch centre"),
        (10, E.IN_TRANSIT, "Sorting hub"),
        (30, E.OUT_FOR_DELIVERY, "Delivery station"),
        (34, E.DELIVERED, "Recipient"),
    ],
    LegKind.INTERNATIONAL: [
        (3, E.PICKED_UP, "Origin warehouse"),
        (24, E.DEPARTED, "Origin airport"),
        (72, E.IN_TRANSIT, "In the air"),
        (144, E.ARRIVED_AT_PORT, "Port of entry"),
        (168, E.CUSTOMS_CLEARED, "Port of entry"),
    ],
}


class SandboxCarrierClient:
    """Answers like a carrier's tracking API: the events of the script that have happened by ``now``."""

    def fetch_events(self, *, parcel: TrackedParcel, now: dt.datetime) -> list[CarrierEvent]:
        events = []
        for hours, code, location in SCRIPTS.get(parcel.leg_kind, []):
            occurred_at = parcel.started_at + dt.timedelta(hours=hours)
            if occurred_at > now:
                break
            events.append(
                CarrierEvent(
                    event_id=f"{parcel.tracking_number}-{code}",
                    tracking_number=parcel.tracking_number,
                    code=code,
                    occurred_at=occurred_at,
                    location=location,
                    description=str(E(code).label),
                )
            )
        return events


CLIENTS: dict[str, type] = {CarrierClientKind.SANDBOX: SandboxCarrierClient}


def client_for(carrier) -> CarrierClient | None:
    client_class = CLIENTS.get(carrier.client)
    return client_class() if client_class else None
