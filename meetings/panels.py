"""Art 21: the year's meetings by kind, held or still to come, against the office meeting the article asks for."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from committee.authority import Action, restrict
from committee.models import Committee
from committee.panels import Panel, panel
from core.charts import Series, bar_chart

from .models import Meeting, MeetingKind, MeetingState


def meeting_counts(user, committee: Committee, year: int) -> dict[tuple[str, str], int]:
    """(kind, state) -> how many of the year's meetings the user sees, cancelled ones left out."""
    rows = (
        restrict(Meeting.objects.filter(committee=committee, starts_at__year=year), user, Action.VIEW_COMMITTEE)
        .exclude(state=MeetingState.CANCELLED)
        .values_list("kind", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(kind, state): n for kind, state, n in rows}


@panel
def meetings_panel(user, committee: Committee, year: int, place) -> Panel | None:
    counts = meeting_counts(user, committee, year)
    kinds = [MeetingKind.PLENARY, MeetingKind.SPECIAL, MeetingKind.OFFICE]
    held = [counts.get((k, MeetingState.HELD), 0) for k in kinds]
    planned = [counts.get((k, MeetingState.PLANNED), 0) + counts.get((k, MeetingState.NOTIFIED), 0) for k in kinds]
    title = _("会议召开情况")
    office_held = held[2]
    if office_held:
        note = _("第二十一条：办公室原则上每年召开一次会议。本年度已召开%(n)s次。") % {"n": office_held}
    elif planned[2]:
        note = _("第二十一条：办公室原则上每年召开一次会议。本年度已安排，尚未召开。")
    else:
        note = _("第二十一条：办公室原则上每年召开一次会议。本年度尚未召开。")
    chart = bar_chart(
        title,
        [str(k.label) for k in kinds],
        [Series(_("已召开"), held, "success"), Series(_("已安排"), planned, "info")],
        targets={2: (1, _("第二十一条：办公室会议每年一次"))},
        category_header=_("会议类别"),
        summary=_("全体会议、专题会议根据工作需要召开；已召开%(n)s次。") % {"n": held[0] + held[1]},
    )
    return Panel(
        title=title,
        order=30,
        chart=chart,
        note=note,
        url=reverse("meetings:compliance", args=[committee.code]),
        link_label=_("查看历年办公室会议"),
        article=_("第二十一条"),
    )
