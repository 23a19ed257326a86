"""Checkout benchmark: placing orders through the API against gunicorn (2 workers) on PostgreSQL, on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xborder_bench_checkout .venv/bin/python bench/checkout.py

1. creates the database if missing and migrates; seeds (in this process, through the ORM) two stores with
   one offer each, the HS rate and positive-list rows they need, and fresh buyers with a verified identity
   (distinct ID numbers, so each has its own annual quota), an address and an API token;
2. starts gunicorn with 2 workers on 127.0.0.1, API throttling lifted, always terminated at the end;
3. throughput, twice: N concurrent buyers (16) each loop for a fixed time over 2-line orders from 2 stores,
   first through the cart ("add 2 lines, place with a fresh Idempotency-Key": 3 requests an order), then
   bought now (the 2 lines in the place request: 1 request an order); orders/s, p50/p95 of place-order and
   where the CPU goes: the load driver's own CPU time and the whole machine's per order (/proc/stat), the
   rest being gunicorn and PostgreSQL, and the ceiling those give on this machine's cores;
4. flash sale: M attempts (500) by the same buyers on an offer with K units (50): exactly K orders must
   succeed, the rest get 409, and stock must end at reserved == quantity == K (zero oversell);
5. writes ``bench/results/checkout-<date>.json`` and ``checkout-latest.md``.

Targets on the 2-core machine: >= 200 orders/s and p95 place-order <= 150 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/xborder_bench_checkout"
TARGET_ORDERS_PER_SECOND = 200.0
TARGET_P95_MS = 150.0
SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def ensure_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


# --- seeding (in process, through the ORM) ----------------------------------------------------------------------


def seed(buyers: int, flash_units: int) -> dict:
    """Fresh buyers and offers for this run; returns tokens, address ids and offer ids."""
    from decimal import Decimal

    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    from xborder.accounts.models import Address, Identity, User
    from xborder.accounts.resident_id import check_character
    from xborder.accounts.services import issue_api_token
    from xborder.catalog.models import Brand, Category, Offer, Product, Variant
    from xborder.core.pii import keyed_hash
    from xborder.duties.models import HsRate, PositiveListEntry
    from xborder.inventory.models import StockItem, Warehouse
    from xborder.sellers.models import Store

    run = uuid.uuid4().hex[:8]
    hs_code = "3304990099"
    HsRate.objects.get_or_create(
        hs_code=hs_code,
        valid_from=dt.date(2020, 1, 1),
        defaults={"description": "cosmetics", "tariff_rate": Decimal("0.05"), "vat_rate": Decimal("0.13")},
    )
    PositiveListEntry.objects.get_or_create(
        version="2022", tariff_line=hs_code[:8], defaults={"effective_from": dt.date(2022, 3, 1), "description": "x"}
    )
    brand, _ = Brand.objects.get_or_create(name="Bench", defaults={"slug": "bench", "country": "JP"})
    category, _ = Category.objects.get_or_create(slug="bench", parent=None, defaults={"name": "Bench"})

    def offer(name: str, units: int, mode: str) -> int:
        store = Store.objects.create(
            name=f"{name} {run}", slug=f"{name}-{run}", kind="overseas_merchant", country="JP", currency_id="CNY",
            status="approved",
        )  # fmt: skip
        kind = "bonded" if mode == "bonded" else "overseas"
        warehouse = Warehouse.objects.create(code=f"{name}-{run}", name=name, kind=kind, country="JP", city="Osaka")
        product = Product.objects.create(name=name, slug=f"{name}-{run}", brand=brand, category=category)
        variant = Variant.objects.create(
            product=product, sku=f"{name}-{run}", hs_code=hs_code, origin_country="JP", net_weight_kg=Decimal("0.1"),
            gross_weight_kg=Decimal("0.2"), legal_unit="ml", legal_quantity=Decimal("50"),
        )  # fmt: skip
        StockItem.objects.create(variant=variant, warehouse=warehouse, quantity=units)
        created = Offer.objects.create(
            store=store, variant=variant, price=Decimal("10.00"), currency_id="CNY", fulfilment_mode=mode,
            warehouse=warehouse,
        )  # fmt: skip
        return created.pk

    offers = {"a": offer("bench-a", 10_000_000, "bonded"), "b": offer("bench-b", 10_000_000, "direct_mail")}
    offers["flash"] = offer("bench-flash", flash_units, "bonded")
    people = []
    for index in range(buyers):
        user = User.objects.create_user(f"bench-{run}-{index}@example.com", None)
        first17 = f"110101{1960 + index % 40:04d}0101{(int(run, 16) + index) % 1000:03d}"
        id_number = first17 + check_character(first17)
        Identity.objects.create(user=user, name="王小明", id_number=id_number, id_hash=keyed_hash(id_number))
        address = Address.objects.create(
            user=user, recipient="王小明", phone="+8613812345678", province="上海市", city="上海市",
            district="浦东新区", district_code="310115", detail="世纪大道100号", is_default=True,
        )  # fmt: skip
        _, token = issue_api_token(user=user, name="bench")
        people.append({"token": token, "address_id": address.pk})
    return {"run": run, "offers": offers, "buyers": people}


def stock_of(offer_id: int) -> tuple[int, int]:
    from xborder.catalog.models import Offer
    from xborder.inventory.models import StockItem

    offer = Offer.objects.get(pk=offer_id)
    item = StockItem.objects.get(variant_id=offer.variant_id, warehouse_id=offer.warehouse_id)
    return item.quantity, item.reserved


# --- the server ------------------------------------------------------------------------------------------------


class Server:
    """gunicorn on loopback; terminated (then killed) on exit whatever happens."""

    def __init__(self, env: dict, port: int, workers: int, threads: int, log_path: Path):
        self.base_url = f"http://127.0.0.1:{port}"
        self.command = [
            sys.executable, "-m", "gunicorn", "xborder.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--threads", str(threads), "--timeout", "60", "--log-level", "warning",
        ]  # fmt: skip
        self.env, self.log_path, self.process = env, log_path, None

    def __enter__(self) -> Server:
        self.log_file = self.log_path.open("w")
        self.process = subprocess.Popen(
            self.command, env=self.env, cwd=ROOT, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/v1/openapi.json", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn not ready; see {self.log_path}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log_file.close()


# --- the load --------------------------------------------------------------------------------------------------


class BuyerClient:
    """One buyer's keep-alive connection. The standard library's client costs the driver a fraction of the
    CPU httpx does, and the driver shares the cores with the server it measures."""

    def __init__(self, base_url: str, buyer: dict):
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.headers = {"Authorization": f"Bearer {buyer['token']}", "Content-Type": "application/json"}

    def __enter__(self) -> BuyerClient:
        return self

    def __exit__(self, *exc) -> None:
        self.connection.close()

    def post(self, path: str, payload: dict, headers: dict | None = None) -> Reply:
        return self._send("POST", path, json.dumps(payload).encode(), headers or {})

    def delete(self, path: str) -> Reply:
        return self._send("DELETE", path, None, {})

    def _send(self, method: str, path: str, body: bytes | None, headers: dict) -> Reply:
        self.connection.request(method, path, body=body, headers=self.headers | headers)
        response = self.connection.getresponse()
        content = response.read()
        return Reply(response.status, response.getheader("server-timing", ""), content)


@dataclass(frozen=True)
class Reply:
    status_code: int
    server_timing: str
    content: bytes

    def json(self):
        return json.loads(self.content)


def client_for(base_url: str, buyer: dict) -> BuyerClient:
    return BuyerClient(base_url, buyer)


def place(client: BuyerClient, buyer: dict, lines: list[int], buy_now: bool = False) -> tuple[int, float, float]:
    """Add ``lines`` (offer ids, 1 each) and place, or place them bought now; returns (status, place ms on the
    client, place ms in the server's ``Server-Timing`` header)."""
    if buy_now:
        return _timed_place(client, buyer, [{"offer_id": offer_id, "quantity": 1} for offer_id in lines])
    added = []
    for offer_id in lines:
        response = client.post("/api/v1/checkout/cart/lines", {"offer_id": offer_id, "quantity": 1})
        if response.status_code != 201:
            return response.status_code, 0.0, 0.0
        added = response.json()["lines"]
    status, elapsed, server_ms = _timed_place(client, buyer, None)
    if status != 201:
        for line in added:
            client.delete(f"/api/v1/checkout/cart/lines/{line['id']}")
    return status, elapsed, server_ms


def _timed_place(client: BuyerClient, buyer: dict, lines: list[dict] | None) -> tuple[int, float, float]:
    body = {"address_id": buyer["address_id"]} | ({"lines": lines} if lines else {})
    started = time.perf_counter()
    response = client.post("/api/v1/checkout/place", body, {"Idempotency-Key": uuid.uuid4().hex})
    elapsed = (time.perf_counter() - started) * 1000
    timing = SERVER_TIMING.search(response.server_timing)
    return response.status_code, elapsed, float(timing.group(1)) if timing else float("nan")


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy (every core, every process, other work too) since boot."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the state on; the name may hold spaces


def cpu_seconds(pids) -> dict[int, float]:
    """User + system CPU seconds of each living process of ``pids``."""
    tick, found = os.sysconf("SC_CLK_TCK"), {}
    for pid in pids:
        fields = _stat(pid)
        if fields is not None:
            found[pid] = (int(fields[11]) + int(fields[12])) / tick
    return found


def group_pids(group: int) -> list[int]:
    """The processes of a process group (gunicorn's master and workers)."""
    pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    return [pid for pid in pids if (fields := _stat(pid)) is not None and int(fields[2]) == group]


def database_pids(url: str) -> list[int]:
    """The PostgreSQL backends serving the benchmark's database (gunicorn's persistent connections)."""
    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


class CpuMeter:
    """CPU time of the load driver (this process), gunicorn (its process group) and the PostgreSQL backends
    of the benchmark's database during a run; the machine's busy time shows whether other work interfered."""

    def __init__(self, server_group: int, url: str):
        self.server_group, self.url = server_group, url

    def __enter__(self) -> CpuMeter:
        self.driver, self.machine = time.process_time(), busy_cpu_seconds()
        self.server = cpu_seconds(group_pids(self.server_group))
        self.database = cpu_seconds(database_pids(self.url))
        return self

    def __exit__(self, *exc) -> None:
        self.driver, self.machine = time.process_time() - self.driver, busy_cpu_seconds() - self.machine
        self.server = _spent(self.server, cpu_seconds(group_pids(self.server_group)))
        database_now = cpu_seconds(set(database_pids(self.url)) | set(self.database))
        self.database = _spent(self.database, database_now)


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def throughput(gunicorn: Server, url: str, seeded: dict, seconds: float, buy_now: bool) -> dict:
    base_url = gunicorn.base_url
    latencies: list[float] = []
    server: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    lines = [seeded["offers"]["a"], seeded["offers"]["b"]]

    def buyer_loop(buyer: dict) -> None:
        with client_for(base_url, buyer) as client:
            while time.monotonic() < stop:
                status, elapsed, server_ms = place(client, buyer, lines, buy_now)
                with lock:
                    statuses[str(status)] = statuses.get(str(status), 0) + 1
                    if status == 201:
                        latencies.append(elapsed)
                        server.append(server_ms)

    started = time.monotonic()
    with CpuMeter(gunicorn.process.pid, url) as cpu:
        threads = [threading.Thread(target=buyer_loop, args=(buyer,)) for buyer in seeded["buyers"]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.monotonic() - started
    orders = max(len(latencies), 1)
    per_order = {
        "load_driver": round(cpu.driver * 1000 / orders, 1),
        "gunicorn": round(cpu.server * 1000 / orders, 1),
        "postgresql": round(cpu.database * 1000 / orders, 1),
    }
    ours = (cpu.driver + cpu.server + cpu.database) * 1000 / orders
    return {
        "flow": "bought now (1 request an order)" if buy_now else "through the cart (3 requests an order)",
        "buyers": len(seeded["buyers"]),
        "seconds": round(elapsed, 1),
        "orders": len(latencies),
        "orders_per_second": round(len(latencies) / elapsed, 1),
        "place_p50_ms": round(percentile(latencies, 50), 1),
        "place_p95_ms": round(percentile(latencies, 95), 1),
        "place_server_p50_ms": round(percentile(server, 50), 1),
        "place_server_p95_ms": round(percentile(server, 95), 1),
        "statuses": statuses,
        "cpu_ms_per_order": per_order | {"all_three": round(ours, 1)},
        "machine_busy_share": round(cpu.machine / (elapsed * (os.cpu_count() or 1)), 2),
        "other_work_share": round(max(cpu.machine - ours * orders / 1000, 0) / (elapsed * (os.cpu_count() or 1)), 2),
        "ceiling_orders_per_second": round((os.cpu_count() or 1) * 1000 / max(ours, 0.1), 1),
    }


def flash_sale(base_url: str, seeded: dict, attempts: int, units: int) -> dict:
    remaining = iter(range(attempts))
    lock = threading.Lock()
    statuses: dict[str, int] = {}
    flash = seeded["offers"]["flash"]

    def buyer_loop(buyer: dict) -> None:
        with client_for(base_url, buyer) as client:
            while True:
                with lock:
                    if next(remaining, None) is None:
                        return
                status, _, _ = place(client, buyer, [flash])
                with lock:
                    statuses[str(status)] = statuses.get(str(status), 0) + 1

    threads = [threading.Thread(target=buyer_loop, args=(buyer,)) for buyer in seeded["buyers"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    quantity, reserved = stock_of(flash)
    orders = statuses.get("201", 0)
    return {
        "attempts": attempts,
        "units": units,
        "orders": orders,
        "statuses": statuses,
        "stock_quantity": quantity,
        "stock_reserved": reserved,
        "zero_oversell": orders == units and reserved == units <= quantity,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--buyers", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--attempts", type=int, default=500)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    ensure_database(url)
    env = os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "xborder.settings",
        "XBORDER_API_USER_RATE": "1000000/s",
        "XBORDER_API_ANON_RATE": "1000000/s",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    log(f"seeding {args.buyers} buyers")
    seeded = seed(args.buyers, args.units)
    from django.db import connections

    connections.close_all()
    gunicorn_log = Path(tempfile.gettempdir()) / "xborder-checkout-gunicorn.log"
    with Server(env, args.port, args.workers, args.threads, gunicorn_log) as server:
        log(f"throughput through the cart: {args.buyers} buyers for {args.duration:.0f} s")
        cart = throughput(server, url, seeded, args.duration, buy_now=False)
        log(f"throughput bought now: {args.buyers} buyers for {args.duration:.0f} s")
        load = throughput(server, url, seeded, args.duration, buy_now=True)
        log(f"flash sale: {args.attempts} attempts for {args.units} units")
        flash = flash_sale(server.base_url, seeded, args.attempts, args.units)
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "python": platform.python_version()},
        "workers": args.workers,
        "threads": args.threads,
        "throughput": load,
        "throughput_through_the_cart": cart,
        "flash_sale": flash,
        "targets": {"orders_per_second": TARGET_ORDERS_PER_SECOND, "place_p95_ms": TARGET_P95_MS},
        "meets_targets": load["orders_per_second"] >= TARGET_ORDERS_PER_SECOND
        and load["place_p95_ms"] <= TARGET_P95_MS
        and flash["zero_oversell"],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    day = result["date"][:10]  # the UTC day of the run, as in the file
    (RESULTS / f"checkout-{day}.json").write_text(json.dumps(result, indent=2))
    (RESULTS / "checkout-latest.md").write_text(markdown(result))
    print(markdown(result))
    return 0 if flash["zero_oversell"] else 1


def markdown(result: dict) -> str:
    flash = result["flash_sale"]
    flows = [result["throughput_through_the_cart"], result["throughput"]]
    workers = f"{result['workers']} workers x {result['threads']} threads" if result["threads"] > 1 else (
        f"{result['workers']} sync workers"
    )  # fmt: skip
    lines = [
        f"# Checkout benchmark ({result['date']})",
        "",
        f"Machine: {result['machine']['cpus']} CPUs, load average {result['machine']['load_average']}; "
        f"gunicorn {workers}, PostgreSQL, load driver, all on this machine, loopback. "
        f"{flows[0]['buyers']} buyers, 2-line orders from 2 stores.",
        "",
        "| measure | " + " | ".join(load["flow"] for load in flows) + " | target |",
        "|---|---|---|---|",
    ]
    rows = [
        ("orders/s", "orders_per_second", f">= {TARGET_ORDERS_PER_SECOND:.0f}"),
        ("place-order p50 (ms)", "place_p50_ms", ""),
        ("place-order p95 (ms)", "place_p95_ms", f"<= {TARGET_P95_MS:.0f}"),
        ("place-order server time p50 / p95 (ms, Server-Timing)", "server", ""),
        ("CPU per order: gunicorn (ms)", ("cpu_ms_per_order", "gunicorn"), ""),
        ("CPU per order: PostgreSQL backends (ms)", ("cpu_ms_per_order", "postgresql"), ""),
        ("CPU per order: load driver (ms)", ("cpu_ms_per_order", "load_driver"), ""),
        ("CPU per order: all three (ms)", ("cpu_ms_per_order", "all_three"), ""),
        ("ceiling: cores / CPU per order (orders/s)", "ceiling_orders_per_second", ""),
        ("share of the cores busy / of it other work", None, ""),
    ]
    for label, key, target in rows:
        values = [_cell(load, key) for load in flows]
        lines.append(f"| {label} | " + " | ".join(values) + f" | {target} |")
    lines += [
        "",
        "| flash sale | value | target |",
        "|---|---|---|",
        f"| orders for {flash['units']} units in {flash['attempts']} attempts | {flash['orders']} "
        f"| exactly {flash['units']} |",
        f"| stock after (quantity / reserved) | {flash['stock_quantity']} / {flash['stock_reserved']} "
        "| reserved == units |",
        "",
        "Statuses: " + "; ".join(f"{load['flow']}: {load['statuses']}" for load in flows)
        + f"; flash sale: {flash['statuses']}.",
        "",
    ]  # fmt: skip
    return "\n".join(lines)


def _cell(load: dict, key) -> str:
    if key is None:
        return f"{load['machine_busy_share']} / {load['other_work_share']}"
    if key == "server":
        return f"{load['place_server_p50_ms']} / {load['place_server_p95_ms']}"
    if isinstance(key, tuple):
        return str(load[key[0]][key[1]])
    return str(load[key])


if __name__ == "__main__":
    sys.exit(main())
