"""Years of a committee's work, built through the services under a simulated clock, deterministic from a seed.

Per town and year, at factor 1 (a busy township committee): 12 office meetings, 4 plenary and 5 special-topic
meetings (about 21, with agenda items, attendance, minutes through review, comments and approval, about 50
decisions); about 105 follow-up tasks from those decisions (progress, extensions, completion reports, closing,
some late or never done); about 67 official documents (minutes and decisions of the meetings, monthly notices,
through drafting, review, sign-off, distribution and the units' receipts); one annual report cycle (each unit
drafts, submits, its head confirms, the office returns some and accepts); an inspection and a delegation.

Everything goes through the services, as the person who would do it, at the moment they would do it
(`SimulatedClock`): rows, history, notifications and reminders ledger are what years of use would leave.
Shortcuts, each because the real path would dominate the run without changing what pages read:
- PDFs are not rendered: a signed document's or accepted report's render job is marked done with one shared
  stub PDF (WeasyPrint takes about 250 ms a page; `bench/render.py` measures it);
- the outbox is marked relayed at the end (no worker sent the e-mails of years past);
- logins share one password hash.
"""

from __future__ import annotations

import datetime
import heapq
import logging
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from committee.models import Committee
from core.clock import SimulatedClock
from core.models import OutboxMessage, RenderJob, RenderStatus

from . import people

logger = logging.getLogger(__name__)

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
STUB_PDF_NAME = "scale/stub.pdf"
STUB_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
STUB_SHA256 = "0" * 64


@dataclass
class Plan:
    """What to build: `years` of activity ending at `until` in `towns` towns, `factor` times the usual volume;
    `idle_towns` more towns with their rules and units only (a district's other committees)."""

    years: int = 1
    factor: float = 1.0
    towns: int = 3
    idle_towns: int = 0
    seed: int = 2026
    password: str = "demo-2026"  # noqa: S105 - the demo logins' password, for benchmark databases only
    until: datetime.datetime | None = None


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        made = ", ".join(f"{name} {n}" for name, n in sorted(self.counts.items()))
        lines = [f"made: {made}"]
        if self.refused:
            refused = ", ".join(f"{step} {n}" for step, n in self.refused.items())
            lines.append(f"refused by the services (kept out): {refused}")
        return lines


class Simulation:
    """Events in time order across every town; the clock moves to each event's moment before it runs.
    Nothing is scheduled past `until`: the world stops now, with work under way where it would be."""

    def __init__(self, clock: SimulatedClock, until: datetime.datetime, rng: random.Random, summary: Summary):
        self.clock, self.until, self.rng, self.summary = clock, until, rng, summary
        self._queue: list[tuple[datetime.datetime, int, Callable, tuple]] = []
        self._seq = 0

    def at(self, moment: datetime.datetime, step: Callable, *args) -> None:
        if moment <= self.until:
            heapq.heappush(self._queue, (moment, self._seq, step, args))
            self._seq += 1

    def run(self, progress: Callable[[str], None]) -> None:
        done, month = 0, None
        while self._queue:
            moment, _seq, step, args = heapq.heappop(self._queue)
            self.clock.travel(moment)
            try:
                with transaction.atomic():
                    step(*args)
            except ValidationError as exc:
                # A refusal a real user would have met (a rule the random plan broke): recorded, not fatal.
                self.summary.refused[step.__name__] += 1
                logger.debug("%s refused: %s", step.__name__, exc)
            done += 1
            local = timezone.localtime(moment)
            if (local.year, local.month) != month:
                month = (local.year, local.month)
                progress(f"{local:%Y-%m}: {done} steps")
        progress(f"{done} steps")


def at_local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _stub_file() -> None:
    if not default_storage.exists(STUB_PDF_NAME):
        default_storage.save(STUB_PDF_NAME, ContentFile(STUB_PDF))


def stub_render(job: RenderJob | None) -> None:
    """Shortcut for the PDF: the job is done with the shared stub file (see the module docstring)."""
    if job is None:
        return
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderStatus.DONE,
        pdf=STUB_PDF_NAME,
        sha256=STUB_SHA256,
        size_bytes=len(STUB_PDF),
        pages=1,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        duration_ms=1,
        error="",
    )


def simulate(
    clock: SimulatedClock,
    towns: list,
    *,
    start: datetime.datetime,
    until: datetime.datetime,
    factor: float,
    rng: random.Random,
    summary: Summary,
    progress: Callable[[str], None] = lambda line: None,
) -> Summary:
    """Runs the towns' work from `start` to `until` (both in the past or now) under `clock`."""
    from . import activity

    simulation = Simulation(clock, until, rng, summary)
    for town in towns:
        activity.TownActivity(simulation, town).plan(start=start, factor=factor)
    simulation.run(progress)
    return summary


def grow(
    town, *, start: datetime.datetime, until: datetime.datetime, meetings: int, notices: int, seed: int = 2026
) -> Summary:
    """More of a town's past work into a database that has the town already (a test grows the permission
    matrix's world with it): `meetings` meetings and `notices` notices between `start` and `until`, with their
    minutes, decisions, tasks, documents and receipts as far as `until`. The outbox is left as it is."""
    from .activity import TownActivity

    summary = Summary()
    _stub_file()
    with SimulatedClock(start) as clock:
        rng = random.Random(seed)  # noqa: S311 - seeded on purpose: the same seed gives the same data
        simulation = Simulation(clock, until, rng, summary)
        TownActivity(simulation, town).plan_evenly(start=start, until=until, meetings=meetings, notices=notices)
        simulation.run(lambda line: None)
    return summary


def generate(plan: Plan, progress: Callable[[str], None] = print) -> Summary:
    """Builds the data set; returns what it made. Idempotent for the committees and people, not for activity:
    run it on an empty database."""
    until = plan.until or timezone.now()
    start = until - datetime.timedelta(days=round(365.25 * plan.years))
    since = timezone.localdate(start) - datetime.timedelta(days=60)
    rng = random.Random(plan.seed)  # noqa: S311 - seeded on purpose: the same seed gives the same data
    summary = Summary()
    _stub_file()

    with SimulatedClock(at_local(since, 8)) as clock:
        progress("committees and people")
        district = people.district_load()
        towns = []
        for index in range(plan.towns):
            code = people.FIRST_TOWN if index == 0 else f"town-{index:03d}"
            committee = people.committee_load(code, "密云镇" if index == 0 else people.town_name(index - 1) + "镇")
            prefix = "" if index == 0 else f"{code}-"
            towns.append(people.staff_town(committee, since=since, password=plan.password, prefix=prefix))
        for index in range(plan.towns, plan.towns + plan.idle_towns):
            people.committee_load(f"town-{index:03d}", people.town_name(index - 1) + "镇")
        people.district_people(district, since=since, password=plan.password)
        summary.counts["committees"] = Committee.objects.count()

        progress(f"activity from {timezone.localtime(start):%Y-%m-%d} to {timezone.localtime(until):%Y-%m-%d}")
        simulate(
            clock, towns, start=start, until=until, factor=plan.factor, rng=rng, summary=summary, progress=progress
        )

    # No worker sent the e-mails and renders of years past; the outbox keeps only what happens from now on.
    OutboxMessage.objects.filter(relayed_at=None).update(relayed_at=until)
    if connection.vendor == "postgresql":
        # The planner's statistics, as autovacuum would leave them on a database in use.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return summary
