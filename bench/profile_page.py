"""Where a page's time goes: its median against the bare view's, its queries and their time, and (with
`--profile`) cProfile's top functions, through the Django test client on `bench.site.settings`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench1x .venv/bin/python bench/profile_page.py office_staff / \\
        [--rounds 15] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("login")
    parser.add_argument("url")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.site.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username=args.login))
    for url in ("/bench/bare/", args.url):
        client.get(url)  # warm
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            status = client.get(url).status_code
            times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql = sum(float(query["time"]) for query in queries.captured_queries)
        print(
            f"{url}: {status}, median {statistics.median(times) * 1000:.1f} ms, "
            f"{len(queries)} queries taking {sql * 1000:.1f} ms"
        )
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(5):
            client.get(args.url)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
