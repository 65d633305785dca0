"""Art 22: the year's written reports as they came in, against the deadline (one aggregate query)."""

from __future__ import annotations

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.models import Committee
from committee.panels import Panel, panel
from core.charts import cumulative_line, day_label

from .selectors import reports_visible_to


def submissions(user, committee: Committee, year: int) -> tuple[dict | None, list]:
    """The year's cycle (pk, deadline, opening) and the date each visible report was first submitted (None if
    not yet): the reports the user sees, so a unit sees its own."""
    rows = list(
        reports_visible_to(user, committee)
        .filter(cycle__year=year)
        .annotate(first=Min("versions__submitted_at"))
        .values_list("cycle_id", "cycle__deadline", "cycle__opened_at", "first")
        .order_by()
    )
    if not rows:
        return None, []
    cycle_id, deadline, opened_at, _first = rows[0]
    cycle = {"pk": cycle_id, "deadline": deadline, "opened_on": timezone.localdate(opened_at)}
    return cycle, [timezone.localdate(first) if first else None for *_rest, first in rows]


@panel
def reports_panel(user, committee: Committee, year: int, place) -> Panel | None:
    cycle, firsts = submissions(user, committee, year)
    title = _("书面报告报送进度")
    if cycle is None:
        return None
    deadline = cycle["deadline"]
    done = [day for day in firsts if day is not None]
    on_time = sum(1 for day in done if day <= deadline)
    start = min([cycle["opened_on"], *done])
    chart = cumulative_line(
        title,
        done,
        total=len(firsts),
        start=start,
        deadline=deadline,
        today=timezone.localdate(),
        labels={
            "date": _("日期"),
            "count": _("累计报送（份）"),
            "deadline": _("截止 %(day)s") % {"day": day_label(deadline)},
            "total": _("应报送"),
        },
        summary=_("应报送%(total)s份，已报送%(done)s份，其中按期%(on_time)s份。")
        % {"total": len(firsts), "done": len(done), "on_time": on_time},
    )
    return Panel(
        title=title,
        order=20,
        chart=chart,
        url=reverse("reports:cycle", args=[cycle["pk"]]),
        link_label=_("查看报送情况"),
        article=_("第二十二条"),
    )
