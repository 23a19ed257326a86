"""How the simulator numbers its receipts: ``seq`` 1, 2, 3, ... within an ``epoch``.

Pollers keep a cursor ``(epoch, last seq taken)``. A numbering in memory gets a new epoch at every start
and counts from 1 again, so a cursor from an earlier run shows up as belonging to another epoch (the
poller must read the new numbering from its start). A numbering in the SQLite file of the simulator's
ledger (``ledger_path``) keeps its epoch and its last number across restarts, so cursors stay valid.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Protocol


class ReceiptNumbering(Protocol):
    """The epoch of the numbering and the next number in it."""

    epoch: str

    def next_seq(self) -> int:
        """Take the next receipt number."""
        ...


class MemoryReceiptNumbering:
    """Numbers from 1 under a new epoch; forgotten when the simulator stops."""

    def __init__(self) -> None:
        self.epoch = uuid.uuid4().hex
        self._last = 0

    def next_seq(self) -> int:
        """The number after the last one taken."""
        self._last += 1
        return self._last


class SqliteReceiptNumbering:
    """Epoch and last number in one row of a SQLite file (the ledger's), written before a number is used."""

    def __init__(self, path: Path | str) -> None:
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._connection.execute(
            "CREATE TABLE IF NOT EXISTS receipt_numbering (epoch TEXT NOT NULL, last_seq INTEGER NOT NULL)"
        )
        self._connection.execute(
            "INSERT INTO receipt_numbering (epoch, last_seq) SELECT ?, 0"
            " WHERE NOT EXISTS (SELECT 1 FROM receipt_numbering)",
            (uuid.uuid4().hex,),
        )
        (self.epoch,) = self._connection.execute("SELECT epoch FROM receipt_numbering").fetchone()

    def next_seq(self) -> int:
        """Increment the stored last number and return it."""
        with self._lock:
            self._connection.execute("UPDATE receipt_numbering SET last_seq = last_seq + 1")
            (last,) = self._connection.execute("SELECT last_seq FROM receipt_numbering").fetchone()
        return last

    def close(self) -> None:
        """Close the SQLite connection."""
        self._connection.close()
