"""A simulated clock for building past activity through the services: the scale generator's years of work
(scale/generate.py) and the demo data's weeks (each app's demo.py).

Every "now" in the project goes through `django.utils.timezone.now` (ruff's DTZ rules keep it so), including the
field defaults (`default=timezone.now`) and simple-history's `history_date`. `SimulatedClock` replaces the
`datetime` that module reads, so that a service called "on 2019-03-05 09:30" stamps its rows, its history and
its decisions with that moment, and the authority service judges appointments and delegations as of then.

Each reading advances the clock by a millisecond, as real work would, so that rows written one after another
keep their order. Never used while serving a request (the generator and the demo run from management commands,
DEBUG only): the real clock is restored on exit.
"""

from __future__ import annotations

import datetime

from django.utils import timezone as django_timezone

TICK = datetime.timedelta(milliseconds=1)


class _AnyDatetime(type):
    # `isinstance(real_datetime, Clocked)` must stay true where django.utils.timezone checks its argument.
    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, datetime.datetime)


class SimulatedClock:
    """`with SimulatedClock(start) as clock: clock.travel(moment); service(...)`; moments are aware datetimes."""

    def __init__(self, start: datetime.datetime):
        self.moment = start.astimezone(datetime.UTC)
        self._saved = None

    def travel(self, moment: datetime.datetime) -> None:
        """Moves to `moment`, never backwards: the past already written stays the past."""
        moment = moment.astimezone(datetime.UTC)
        if moment > self.moment:
            self.moment = moment

    def read(self, tz=None) -> datetime.datetime:
        self.moment += TICK
        return self.moment if tz is None else self.moment.astimezone(tz)

    def __enter__(self) -> SimulatedClock:
        clock = self

        class Clocked(datetime.datetime, metaclass=_AnyDatetime):
            @classmethod
            def now(cls, tz=None):
                moment = clock.read(tz)
                return moment if tz is not None else moment.replace(tzinfo=None)

        self._saved = django_timezone.datetime
        django_timezone.datetime = Clocked
        return self

    def __exit__(self, *exc) -> None:
        django_timezone.datetime = self._saved
