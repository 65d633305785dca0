import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from scale.generate import Plan, generate


class Command(BaseCommand):
    help = (
        "Builds years of realistic activity (meetings, tasks, documents, reports, history) through the services, "
        "deterministic from a seed, for benchmarks: 1x is `--years 1`, 10x is `--years 10`. DEBUG only, on an "
        "empty database (see scale/generate.py for what is built and the shortcuts taken)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=1, help="years of activity ending now")
        parser.add_argument("--factor", type=float, default=1.0, help="times the usual yearly volume of a town")
        parser.add_argument("--towns", type=int, default=3, help="towns with activity (the first: miyun-town)")
        parser.add_argument("--idle-towns", type=int, default=0, help="more towns below the district, rules only")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--password", default="demo-2026", help="the password of every login made")

    def handle(self, *args, years, factor, towns, idle_towns, seed, password, **options):
        if not settings.DEBUG:
            raise CommandError("generate_scale_data is refused when DEBUG is off: it is for benchmark databases.")
        if years < 1 or towns < 1 or factor <= 0:
            raise CommandError("--years and --towns must be at least 1, --factor above 0.")
        started = time.monotonic()

        def progress(line: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:7.1f}s] {line}")

        summary = generate(
            Plan(years=years, factor=factor, towns=towns, idle_towns=idle_towns, seed=seed, password=password),
            progress,
        )
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(f"done in {time.monotonic() - started:.0f} s")
