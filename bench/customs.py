"""Packages declared per second: check the cross-document rules, build the four CEB messages of a package
(order 311, payment 411, waybill 511, inventory list 621), validate each against our XSDs and sign the
inventory list with the test-key XMLDSig signer. In process, on one core.

Run: ``python bench/customs.py`` (writes ``bench/results/customs.json`` and ``customs-latest.md``).
Target: >= 300 packages/s.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the message samples of the test suite are the benchmark's packages

from tests.customs import samples  # noqa: E402
from xborder.customs.messages.builders import declare_package  # noqa: E402
from xborder.customs.messages.signing import TestKeySigner  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TARGET = 300
SECONDS = 10.0


def packages_per_second(draft_of, *, signer, seconds: float) -> tuple[float, int]:
    context = samples.context()
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        declare_package(draft_of(count), context=context, signer=signer)
        count += 1
    return count / (time.perf_counter() - started), count


def main() -> None:
    signer = TestKeySigner.load_or_create()
    bonded = samples.bonded_declaration()
    direct = samples.direct_mail_declaration()

    def numbered(draft):
        def draft_of(n: int):
            order_no = f"XB{n:013d}"
            return replace(
                draft,
                order=replace(draft.order, order_no=order_no),
                payment=replace(draft.payment, order_no=order_no),
                waybill=replace(draft.waybill, order_no=order_no),
                inventory=replace(draft.inventory, order_no=order_no),
            )

        return draft_of

    runs = {}
    for name, draft in (("bonded_1210", bonded), ("direct_mail_9610", direct)):
        rate, count = packages_per_second(numbered(draft), signer=signer, seconds=SECONDS)
        runs[name] = {"packages_per_second": round(rate, 1), "packages": count, "lines": len(draft.order.lines)}
    result = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_before": round(os.getloadavg()[0], 2),
        "target_packages_per_second": TARGET,
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "customs.json").write_text(json.dumps(result, indent=1) + "\n")
    verdict = {name: "met" if run["packages_per_second"] >= TARGET else "NOT met" for name, run in runs.items()}
    rows = "\n".join(
        f"| {name} | {run['lines']} | {run['packages_per_second']} | {verdict[name]} |" for name, run in runs.items()
    )
    (RESULTS / "customs-latest.md").write_text(
        "# Customs declaration benchmark\n\n"
        f"Build + XSD-validate the four messages of a package (inventory list signed), one core, "
        f"{SECONDS:.0f} s per run, load average {result['load_average_before']} on {result['cpus']} CPUs.\n\n"
        "| package | lines | packages/s | target >= 300 |\n|---|---:|---:|---|\n" + rows + "\n"
    )
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
