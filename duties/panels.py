"""督办 by unit and state for the year, on the work bench and the committee page (one aggregate query)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.models import Committee
from committee.panels import Panel, panel
from core.charts import Series, bar_chart

from .models import SIGNAL_TONE, Signal
from .selectors import visible_tasks

# Most urgent first, as the legend reads.
ORDER = [Signal.OVERDUE, Signal.DUE_SOON, Signal.ON_TRACK, Signal.REPORTED, Signal.CLOSED]


def task_counts(user, committee: Committee, year: int) -> tuple[list[str], dict[str, list[int]]]:
    """Units (by their order) and, per signal, how many of their tasks of the year carry it. A task belongs to
    the year it was assigned in or is due in."""
    rows = (
        visible_tasks(user, committee)
        .filter(Q(created_at__year=year) | Q(deadline__year=year))
        .with_signal(timezone.localdate())
        .values("unit__short_name", "unit__sort_order", "unit__code", "signal_code")
        .annotate(n=Count("pk"))
        .order_by("unit__sort_order", "unit__code")
    )
    units: list[str] = []
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        name = row["unit__short_name"]
        if name not in counts:
            units.append(name)
            counts[name] = {}
        counts[name][row["signal_code"]] = row["n"]
    return units, {signal.value: [counts[u].get(signal.value, 0) for u in units] for signal in ORDER}


@panel
def tasks_panel(user, committee: Committee, year: int, place) -> Panel | None:
    units, by_signal = task_counts(user, committee, year)
    title = _("督办事项：按单位和办理状态")
    result = Panel(
        title=title,
        order=10,
        url=reverse("duties:tasks", args=[committee.code]),
        link_label=_("查看督办事项"),
        article=_("第二十一条、第二十四条"),
        empty=_("本年度没有督办事项。"),
    )
    if not units:
        return result
    series = [Series(str(signal.label), by_signal[signal.value], SIGNAL_TONE[signal]) for signal in ORDER]
    total = sum(sum(values) for values in by_signal.values())
    overdue = sum(by_signal[Signal.OVERDUE.value])
    closed = sum(by_signal[Signal.CLOSED.value])
    result.chart = bar_chart(
        title,
        units,
        series,
        category_header=_("单位"),
        summary=_("共%(total)s项，已办结%(closed)s项，已逾期%(overdue)s项。")
        % {"total": total, "closed": closed, "overdue": overdue},
    )
    return result
