"""`make bench`: generate data, then time list pages and API lists against a bare Django view.

Every scenario is timed in the same process, on the same database, as its baseline; the ratio
(scenario throughput / baseline throughput) is what DESIGN.md holds us to (>= 0.60 for lists).
Set DATABASE_URL to run on PostgreSQL; BENCH_USERS / BENCH_EVENTS / BENCH_REQUESTS scale it.
"""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench import generators  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
TARGET = 0.60

SCENARIOS = [
    # (name, url, baseline url)
    ("audit trail page", "/audit/", "/bare/audit-events/"),
    ("audit events API", "/api/core/audit-events/", "/bare/audit-events/"),
    ("users page", "/accounts/users/", "/bare/users/"),
    ("users API", "/api/accounts/users/", "/bare/users/"),
    ("roadmap plan page", "/roadmap/gtis-2019/", "/bare/deliverables/"),
    ("deliverables API", "/api/roadmap/deliverables/?page_size=50", "/bare/deliverables/"),
]


def throughput(client: Client, url: str) -> tuple[float, float]:
    """Requests per second and p95 latency in ms over REQUESTS sequential requests."""
    for _ in range(10):
        client.get(url)
    latencies = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        latencies.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    return len(latencies) / sum(latencies), p95


def main() -> None:
    call_command("migrate", verbosity=0)
    admin = generators.ensure_data(
        users=int(os.environ.get("BENCH_USERS", "2000")),
        events=int(os.environ.get("BENCH_EVENTS", "50000")),
    )
    client = Client()
    client.force_login(admin)
    print(f"{REQUESTS} requests per scenario; ratio = scenario / bare view (target >= {TARGET})")
    print(f"{'scenario':<22}{'req/s':>9}{'p95 ms':>9}{'bare req/s':>12}{'ratio':>8}")
    failures = 0
    for name, url, baseline in SCENARIOS:
        rps, p95 = throughput(client, url)
        bare_rps, _ = throughput(client, baseline)
        ratio = rps / bare_rps
        failures += ratio < TARGET
        flag = "" if ratio >= TARGET else "  below target"
        print(f"{name:<22}{rps:>9.0f}{p95:>9.1f}{bare_rps:>12.0f}{ratio:>8.2f}{flag}")
    raise SystemExit(1 if failures else 0)


if __name__ == "__main__":
    main()
