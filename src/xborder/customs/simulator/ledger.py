"""The simulator's own per-person annual ledger (by buyer ID number, calendar year).

Entries are kept per order so that cancellation and returns can release them. ID numbers are
stored only as a SHA-256 digest. Two stores: in memory (default) and a small SQLite file.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from decimal import Decimal
from pathlib import Path
from typing import Protocol


class QuotaLedger(Protocol):
    """Annual usage per person: ``used`` sums the entries, ``record``/``reduce`` change one order's."""

    def used(self, id_number: str, year: int) -> Decimal:
        """The dutiable value counted for ``id_number`` in ``year``."""
        ...

    def record(self, *, order_no: str, id_number: str, year: int, amount: Decimal) -> None:
        """Count ``amount`` for the order (replacing any earlier entry of the same order)."""
        ...

    def reduce(self, order_no: str, amount: Decimal | None = None) -> None:
        """Release ``amount`` of the order's entry (all of it when ``None``)."""
        ...


def person_key(id_number: str) -> str:
    """The digest under which an ID number is stored."""
    return hashlib.sha256(id_number.encode("utf-8")).hexdigest()


class MemoryQuotaLedger:
    """Ledger in a dict; lost when the simulator stops."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, int, Decimal]] = {}

    def used(self, id_number: str, year: int) -> Decimal:
        """Sum of the person's entries in ``year``."""
        key = person_key(id_number)
        return sum(
            (amount for person, entry_year, amount in self._entries.values() if (person, entry_year) == (key, year)),
            start=Decimal("0.00"),
        )

    def record(self, *, order_no: str, id_number: str, year: int, amount: Decimal) -> None:
        """Store the order's entry."""
        self._entries[order_no] = (person_key(id_number), year, amount)

    def reduce(self, order_no: str, amount: Decimal | None = None) -> None:
        """Lower or drop the order's entry."""
        if order_no not in self._entries:
            return
        person, year, current = self._entries[order_no]
        remaining = Decimal("0.00") if amount is None else max(current - amount, Decimal("0.00"))
        self._entries[order_no] = (person, year, remaining)


class SqliteQuotaLedger:
    """Ledger in a SQLite file owned by the simulator (not the platform's database)."""

    def __init__(self, path: Path | str) -> None:
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._connection.execute(
            "CREATE TABLE IF NOT EXISTS quota_entry ("
            " order_no TEXT PRIMARY KEY, person TEXT NOT NULL, year INTEGER NOT NULL, amount TEXT NOT NULL)"
        )

    def used(self, id_number: str, year: int) -> Decimal:
        """Sum of the person's entries in ``year`` (amounts are stored as decimal text)."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT amount FROM quota_entry WHERE person = ? AND year = ?", (person_key(id_number), year)
            ).fetchall()
        return sum((Decimal(amount) for (amount,) in rows), start=Decimal("0.00"))

    def record(self, *, order_no: str, id_number: str, year: int, amount: Decimal) -> None:
        """Insert or replace the order's entry."""
        with self._lock:
            self._connection.execute(
                "INSERT OR REPLACE INTO quota_entry (order_no, person, year, amount) VALUES (?, ?, ?, ?)",
                (order_no, person_key(id_number), year, str(amount)),
            )

    def reduce(self, order_no: str, amount: Decimal | None = None) -> None:
        """Lower or zero the order's entry."""
        with self._lock:
            row = self._connection.execute("SELECT amount FROM quota_entry WHERE order_no = ?", (order_no,)).fetchone()
            if row is None:
                return
            remaining = Decimal("0.00") if amount is None else max(Decimal(row[0]) - amount, Decimal("0.00"))
            self._connection.execute("UPDATE quota_entry SET amount = ? WHERE order_no = ?", (str(remaining), order_no))

    def close(self) -> None:
        """Close the SQLite connection."""
        self._connection.close()
