"""Benchmark: server-side time and memory of the main pages, on a fresh SQLite database.

Run: .venv/bin/python bench/pages.py [--requests 50]
Writes bench/PAGES.md. Not a test: figures vary by machine; the targets are the ones we hold ourselves to.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Targets per page, on the 2-core machine the project is built for.
TARGET_P95_MS = 50
TARGET_PEAK_MB = 5

PAGES = [
    ("工作台 (director)", "director", "/"),
    ("委员会", "office_staff", "/c/miyun-town/"),
    ("成员单位列表", "office_staff", "/c/miyun-town/units/"),
    ("成员单位 (派出所)", "liaison-xibinhe-police", "/c/miyun-town/units/xibinhe-police/"),
    ("工作规则", "head-fulian", "/c/miyun-town/rules/"),
    ("变更记录", "office_director", "/c/miyun-town/history/"),
    ("委托", "director", "/c/miyun-town/delegations/"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-pages-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "VAR_DIR": tmp,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "testserver",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from committee.demo import demo_people_create
    from committee.services import rules_load

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    committee, _ = rules_load(data_dir=ROOT / "committee" / "data" / "miyun")
    load_ms = (time.perf_counter() - started) * 1000
    demo_people_create(committee, "bench-pass-1234")

    rows = []
    for label, username, url in PAGES:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        client.get(url)  # warm caches and templates
        times = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        # Memory in a separate pass: tracing slows Python down and would distort the times.
        tracemalloc.start()
        for _ in range(5):
            client.get(url)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        rows.append((label, url, statistics.median(times), p95, peak / 2**20))

    lines = [
        "# Page benchmark",
        "",
        f"Command: `.venv/bin/python bench/pages.py --requests {args.requests}` (fresh SQLite, DEBUG off, "
        "in-process Django test client: server time only, no network).",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}.",
        "",
        f"Targets: p95 under {TARGET_P95_MS} ms and traced peak memory under {TARGET_PEAK_MB} MB per page.",
        f"`load_rules` on an empty database: {load_ms:.0f} ms.",
        "",
        "| page | url | median ms | p95 ms | peak MB | meets target |",
        "|---|---|---:|---:|---:|---|",
    ]
    for label, url, median, p95, peak in rows:
        ok = "yes" if p95 < TARGET_P95_MS and peak < TARGET_PEAK_MB else "NO"
        lines.append(f"| {label} | `{url}` | {median:.1f} | {p95:.1f} | {peak:.1f} | {ok} |")
    out = Path(__file__).with_name("PAGES.md")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
