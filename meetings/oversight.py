"""Art 21 on the district oversight page: plenary meetings held in the year, and the office meeting (每年一次)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.authority import Action, restrict
from committee.oversight import Measure, measure

from .models import Meeting, MeetingKind, MeetingState

ART_21 = gettext_lazy("第二十一条 会议")


def held(kind: str):
    def rows(user, year, today):
        meetings = Meeting.objects.filter(kind=kind, state=MeetingState.HELD, starts_at__year=year)
        return restrict(meetings, user, Action.VIEW_COMMITTEE)

    return rows


measure(Measure("plenary_held", gettext_lazy("全体会议（次）"), ART_21, 10, held(MeetingKind.PLENARY)))
measure(
    Measure(
        "office_held",
        gettext_lazy("办公室会议"),
        ART_21,
        11,
        held(MeetingKind.OFFICE),
        tone=lambda n: "success" if n else "danger",
        words=lambda n: _("已召开%(n)s次") % {"n": n} if n else _("未召开"),
    )
)
