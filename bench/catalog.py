"""Catalog benchmark: 100,000 products on PostgreSQL behind gunicorn on loopback.

    .venv/bin/python bench/catalog.py            # or: make bench

1. creates the database if missing, migrates, seeds ``demo --products N`` (a no-op when already seeded),
   collects static files and refreshes planner statistics (``VACUUM ANALYZE``);
2. starts gunicorn (2 workers) on 127.0.0.1 with API throttling lifted, always terminated at the end;
3. measures sequentially, per scenario, the server time (``Server-Timing: app;dur=``) and client latency of the
   listing, a filtered listing, English and Chinese text search and the API list endpoint;
4. drives the API list endpoint with N concurrent keep-alive clients for a fixed duration (requests/s);
5. captures the SQL of each scenario in-process and records ``EXPLAIN (ANALYZE, BUFFERS)`` of its slowest
   queries, so a missed target comes with the plan that explains it;
6. writes ``bench/results/catalog-<date>.json`` and ``.md`` and ``bench/results/catalog-latest.md``.

Targets at 100k products: p95 server time <= 50 ms for listings, <= 100 ms for search.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import os
import platform
import re
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/xborder_bench"
SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")
LISTING_TARGET_MS = 50.0
SEARCH_TARGET_MS = 100.0


@dataclass(frozen=True)
class Scenario:
    name: str
    urls: tuple[str, ...]
    target_ms: float | None
    description: str


SCENARIOS = (
    Scenario("listing", ("/products/",), LISTING_TARGET_MS, "listing page, newest first"),
    Scenario(
        "listing_sorted_page",
        ("/products/?sort=price_asc&page=3", "/products/?category=beauty&page=2", "/products/?category=watches"),
        LISTING_TARGET_MS,
        "listing by price, a later page, a category subtree",
    ),
    Scenario(
        "filtered",
        (
            "/products/?origin=JP&fulfilment=direct_mail&price_max=500",
            "/products/?origin=DE&store_kind=overseas_merchant&price_min=100&price_max=2000",
            "/products/?fulfilment=bonded&category=baby&sort=price_asc",
        ),
        LISTING_TARGET_MS,
        "origin + fulfilment mode + CNY price range (and two more combinations)",
    ),
    Scenario(
        "search_en",
        ("/products/?q=essence", "/products/?q=chronograph", "/products/?q=merino", "/products/?q=Hanami"),
        SEARCH_TARGET_MS,
        "English text search",
    ),
    Scenario(
        "search_zh",
        ("/products/?q=精华", "/products/?q=奶粉", "/products/?q=机械表", "/products/?q=降噪耳机"),
        SEARCH_TARGET_MS,
        "Chinese text search",
    ),
    Scenario(
        "api_list",
        ("/api/v1/catalog/products", "/api/v1/catalog/products?origin=JP&fulfilment=direct_mail&price_max=500"),
        LISTING_TARGET_MS,
        "API list endpoint (plain and filtered)",
    ),
)
LOAD_URLS = tuple(f"/api/v1/catalog/products?offset={offset}&limit=20" for offset in range(0, 400, 20))


@dataclass
class Measurement:
    scenario: str
    description: str
    urls: list[str]
    samples: int
    errors: int
    server_ms: dict[str, float]
    client_ms: dict[str, float]
    target_ms: float | None
    meets_target: bool | None
    statuses: dict[str, int] = field(default_factory=dict)
    server_ms_by_url: dict[str, dict[str, float]] = field(default_factory=dict)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {
        "p50": round(percentile(values, 50), 2),
        "p95": round(percentile(values, 95), 2),
        "p99": round(percentile(values, 99), 2),
        "mean": round(sum(values) / len(values), 2),
        "max": round(max(values), 2),
    }


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# --- database and seeding ------------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        log(f"creating database {name}")
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str, timeout: float) -> None:
    cwd = env.get("XBORDER_HOME", ROOT)
    subprocess.run([sys.executable, "-m", "xborder", *args], env=env, cwd=cwd, check=True, timeout=timeout)


def export_tree(ref: str, into: Path) -> Path:
    """The committed tree at ``ref`` (``git archive``), so the benchmark measures a commit, not work in progress."""
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, check=True, capture_output=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def git_describe(ref: str) -> str:
    result = subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() or ref


def product_count(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT count(*) FROM catalog_product").fetchone()[0]


def seed(env: dict, url: str, products: int) -> dict:
    started = time.perf_counter()
    log("migrating")
    manage(env, "migrate", "--noinput", "-v0", timeout=900)
    before = product_count(url)
    log(f"seeding demo --products {products} ({before} products present)")
    manage(env, "demo", "--products", str(products), "-v1", timeout=3600)
    after = product_count(url)
    manage(env, "collectstatic", "--noinput", "-v0", timeout=300)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        rows = dict(
            connection.execute(
                "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE relname = ANY(%s)",
                [["catalog_product", "catalog_variant", "catalog_offer", "inventory_stockitem"]],
            ).fetchall()
        )
    return {
        "products_before": before,
        "products": after,
        "rows": rows,
        "seed_seconds": round(time.perf_counter() - started, 1),
    }


# --- the server ------------------------------------------------------------------------------------------------


class Server:
    """gunicorn on loopback; terminated (then killed) on exit whatever happens."""

    def __init__(self, env: dict, port: int, workers: int, log_path: Path):
        self.base_url = f"http://127.0.0.1:{port}"
        self.command = [
            sys.executable, "-m", "gunicorn", "xborder.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning",
        ]  # fmt: skip
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.log_file = self.log_path.open("w")
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=self.env.get("XBORDER_HOME", ROOT),
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                if httpx.get(f"{self.base_url}/api/v1/openapi.json", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn not ready after {timeout}s; see {self.log_path}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log_file.close()


# --- measurements ------------------------------------------------------------------------------------------------


def server_ms(response: httpx.Response) -> float | None:
    match = SERVER_TIMING.search(response.headers.get("server-timing", ""))
    return float(match.group(1)) if match else None


def measure(client: httpx.Client, scenario: Scenario, samples: int, warmup: int, budget_s: float) -> Measurement:
    """``samples`` sequential requests after ``warmup``; stops early when ``budget_s`` is spent (slow pages)."""
    deadline = time.monotonic() + budget_s
    for index in range(warmup):
        client.get(scenario.urls[index % len(scenario.urls)])
        if time.monotonic() > deadline:
            break
    server, latency, statuses, errors = [], [], {}, 0
    by_url: dict[str, list[float]] = {url: [] for url in scenario.urls}
    for index in range(samples):
        if time.monotonic() > deadline and len(latency) >= len(scenario.urls):
            break
        started = time.perf_counter()
        try:
            response = client.get(scenario.urls[index % len(scenario.urls)])
        except httpx.HTTPError:
            errors += 1
            continue
        latency.append((time.perf_counter() - started) * 1000)
        statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
        if response.status_code != 200:
            errors += 1
        timing = server_ms(response)
        if timing is not None:
            server.append(timing)
            by_url[scenario.urls[index % len(scenario.urls)]].append(timing)
    server_summary = summary(server)
    meets = None
    if scenario.target_ms is not None and server_summary:
        meets = errors == 0 and server_summary["p95"] <= scenario.target_ms
    return Measurement(
        scenario=scenario.name,
        description=scenario.description,
        urls=list(scenario.urls),
        samples=len(latency),
        errors=errors,
        server_ms=server_summary,
        client_ms=summary(latency),
        target_ms=scenario.target_ms,
        meets_target=meets,
        statuses=statuses,
        server_ms_by_url={url: summary(values) for url, values in by_url.items()},
    )


def load(base_url: str, clients: int, duration: float) -> dict:
    """``clients`` threads, each with its own keep-alive connection, request the API list for ``duration`` s."""
    stop = time.monotonic() + duration
    lock = threading.Lock()
    totals = {"ok": 0, "errors": 0}
    latencies: list[float] = []
    server: list[float] = []

    def run(worker: int) -> None:
        ok = errors = 0
        mine, mine_server = [], []
        with httpx.Client(base_url=base_url, timeout=30) as client:
            index = worker
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    response = client.get(LOAD_URLS[index % len(LOAD_URLS)])
                except httpx.HTTPError:
                    errors += 1
                    continue
                finally:
                    index += clients
                mine.append((time.perf_counter() - started) * 1000)
                if response.status_code == 200:
                    ok += 1
                else:
                    errors += 1
                timing = server_ms(response)
                if timing is not None:
                    mine_server.append(timing)
        with lock:
            totals["ok"] += ok
            totals["errors"] += errors
            latencies.extend(mine)
            server.extend(mine_server)

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(worker,), daemon=True) for worker in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 60)
    elapsed = time.perf_counter() - started
    return {
        "url": "/api/v1/catalog/products?offset=..&limit=20",
        "clients": clients,
        "duration_s": round(elapsed, 1),
        "requests": totals["ok"] + totals["errors"],
        "ok": totals["ok"],
        "errors": totals["errors"],
        "requests_per_s": round(totals["ok"] / elapsed, 1),
        "client_ms": summary(latencies),
        "server_ms": summary(server),
    }


# --- query plans -----------------------------------------------------------------------------------------------


def explain(env: dict, urls: list[str], per_url: int) -> list[dict]:
    """Render each URL in-process, capture its SQL and EXPLAIN ANALYZE its slowest queries (read-only)."""
    os.environ.update(env)
    sys.path.insert(0, str(Path(env.get("XBORDER_HOME", ROOT)) / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    plans = []
    for url in urls:
        client.get(url)  # warm caches, as the server is warm
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        slowest = sorted(queries.captured_queries, key=lambda query: float(query["time"]), reverse=True)[:per_url]
        for query in slowest:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            executed = re.search(r"Execution Time: ([0-9.]+) ms", plan)
            plans.append(
                {
                    "url": url,
                    "status": status,
                    "queries_on_page": len(queries.captured_queries),
                    "query_ms": round(float(query["time"]) * 1000, 2),
                    "execution_ms": float(executed.group(1)) if executed else None,
                    "sql": sql,
                    "plan": plan,
                }
            )
    return plans


# --- report ------------------------------------------------------------------------------------------------------


def markdown(report: dict) -> str:
    lines = [
        f"# Catalog benchmark, {report['date']}",
        "",
        f"{report['seed']['products']:,} products on PostgreSQL {report['environment']['postgres']}, gunicorn "
        f"{report['server']['workers']} sync workers on loopback, {report['environment']['cpus']} CPUs "
        f"(load average {report['environment']['load_average']} at start). Server time is the "
        "`Server-Timing: app;dur=` header; client time includes HTTP on loopback. Sequential requests, "
        f"up to {report['settings']['samples']} per scenario (or {report['settings']['scenario_seconds']:.0f} s) after "
        f"{report['settings']['warmup']} warm-up requests. Code: {report['code']}.",
        "",
        "| scenario | samples | server p50 ms | server p95 ms | client p50 ms | client p95 ms | target p95 | met "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for row in report["measurements"]:
        met = {True: "yes", False: "**no**", None: "-"}[row["meets_target"]]
        target = f"{row['target_ms']:.0f} ms" if row["target_ms"] else "-"
        lines.append(
            f"| {row['scenario']} ({row['description']}) | {row['samples']} | {row['server_ms'].get('p50', '-')} | "
            f"{row['server_ms'].get('p95', '-')} | {row['client_ms'].get('p50', '-')} | "
            f"{row['client_ms'].get('p95', '-')} | {target} | {met} | {row['errors']} |"
        )
    load_result = report["load"]
    lines += [
        "",
        f"**API list under load**: {load_result['clients']} concurrent keep-alive clients for "
        f"{load_result['duration_s']} s: **{load_result['requests_per_s']} requests/s**, "
        f"{load_result['errors']} errors, client p50/p95 {load_result['client_ms'].get('p50')}/"
        f"{load_result['client_ms'].get('p95')} ms, server p50/p95 {load_result['server_ms'].get('p50')}/"
        f"{load_result['server_ms'].get('p95')} ms.",
        "",
        "URLs per scenario (requests rotate through them) with the server p95 of each:",
        "",
    ]
    for row in report["measurements"]:
        by_url = row.get("server_ms_by_url") or {}
        lines.append(
            f"- {row['scenario']}: "
            + ", ".join(f"`{url}` (p95 {by_url.get(url, {}).get('p95', '-')} ms)" for url in row["urls"])
        )
    if report.get("plans"):
        lines += ["", "Slowest queries per URL (EXPLAIN ANALYZE execution time; full plans in the JSON file):", ""]
        lines += ["| URL | queries on page | query ms | EXPLAIN ANALYZE ms |", "|---|---:|---:|---:|"]
        for plan in report["plans"]:
            lines.append(
                f"| `{plan['url']}` | {plan['queries_on_page']} | {plan['query_ms']} | {plan['execution_ms']} |"
            )
    lines += ["", f"Seeding: {report['seed']}", ""]
    return "\n".join(lines)


def write_report(report: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"catalog-{report['date']}"
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    text = markdown(report)
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    (RESULTS / "catalog-latest.md").write_text(text, encoding="utf-8")
    return stem.with_suffix(".md")


def environment(url: str) -> dict:
    with psycopg.connect(url) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    return {
        "postgres": version,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--samples", type=int, default=200, help="sequential requests per scenario")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--scenario-seconds", type=float, default=60.0, help="time budget of one scenario")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients of the load phase")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of the load phase")
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--git-ref", default="", help="serve the committed tree at this ref instead of the checkout")
    parser.add_argument("--no-explain", action="store_true", help="skip the EXPLAIN ANALYZE of each scenario")
    return parser.parse_args(argv)


def exit_on_signal(signum, frame) -> None:
    """SIGTERM/SIGHUP (e.g. from ``timeout``) unwind normally, so gunicorn is terminated on the way out."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, exit_on_signal)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        print("bench/catalog.py measures PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "xborder.settings",
        # Throttling would turn the load phase into a measurement of 429s.
        "XBORDER_API_ANON_RATE": "10000000/s",
        "XBORDER_API_USER_RATE": "10000000/s",
        "XBORDER_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "XBORDER_LOG_LEVEL": "WARNING",
    }
    ensure_database(args.database_url)
    with tempfile.TemporaryDirectory(prefix="xborder-bench-") as scratch:
        code = {"ref": args.git_ref or "working tree", "commit": git_describe(args.git_ref or "HEAD")}
        if args.git_ref:
            tree = export_tree(args.git_ref, Path(scratch) / "tree")
            env.update(XBORDER_HOME=str(tree), XBORDER_VAR_DIR=str(tree / "var"), PYTHONPATH=str(tree / "src"))
        else:
            dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True)
            code["uncommitted_changes"] = bool(dirty.stdout.strip())
        if args.skip_seed:
            seeded = {"products": product_count(args.database_url), "skipped": True}
        else:
            seeded = seed(env, args.database_url, args.products)
        report = {
            "date": dt.date.today().isoformat(),
            "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "code": code,
            "environment": environment(args.database_url),
            "seed": seeded,
            "server": {"workers": args.workers, "port": args.port},
            "settings": {"samples": args.samples, "warmup": args.warmup, "scenario_seconds": args.scenario_seconds},
        }
        log(f"starting gunicorn on 127.0.0.1:{args.port} ({args.workers} workers), code: {code}")
        with Server(env, args.port, args.workers, Path(scratch) / "gunicorn.log") as server:
            with httpx.Client(base_url=server.base_url, timeout=30) as client:
                report["measurements"] = []
                for scenario in SCENARIOS:
                    log(f"measuring {scenario.name}")
                    row = measure(client, scenario, args.samples, args.warmup, args.scenario_seconds)
                    report["measurements"].append(asdict(row))
            log(f"load: {args.clients} clients for {args.duration:.0f} s on the API list")
            report["load"] = load(server.base_url, args.clients, args.duration)
        if not args.no_explain:
            log("EXPLAIN ANALYZE of each scenario's slowest queries")
            urls = [url for scenario in SCENARIOS for url in scenario.urls]
            report["plans"] = explain(env, urls, per_url=2)
    path = write_report(report)
    print(markdown(report))
    log(f"results written to {path}")
    missed = [row["scenario"] for row in report["measurements"] if row["meets_target"] is False]
    if missed:
        log("targets missed: " + ", ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
