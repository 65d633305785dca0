"""Art 22 on the district oversight page: the year's written reports submitted, accepted and late, with the
town's status board one click away."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy

from committee.authority import Action, restrict
from committee.oversight import Measure, measure

from .models import AnnualReport, ReportCycle, ReportState

ART_22 = gettext_lazy("第二十二条 书面报告")


def _reports(user, year):
    return restrict(AnnualReport.objects.filter(cycle__year=year), user, Action.VIEW_UNIT_AFFAIRS)


def _cycle(user, year):
    """The town's cycle of the year, if the viewer may read it: its status board, one row per unit."""
    return restrict(ReportCycle.objects.filter(year=year), user, Action.VIEW_COMMITTEE)


LINK = {"link": _cycle, "link_name": "reports:cycle"}

measure(
    Measure(
        "reports_due",
        gettext_lazy("应报送"),
        ART_22,
        20,
        lambda user, year, today: _reports(user, year),
        **LINK,
    )
)
measure(
    Measure(
        "reports_submitted",
        gettext_lazy("已报送"),
        ART_22,
        21,
        lambda user, year, today: _reports(user, year).filter(submitted_at__isnull=False),
        **LINK,
    )
)
measure(
    Measure(
        "reports_accepted",
        gettext_lazy("已审核通过"),
        ART_22,
        22,
        lambda user, year, today: _reports(user, year).filter(state=ReportState.ACCEPTED),
        chart="success",
        **LINK,
    )
)
measure(
    Measure(
        "reports_late",
        gettext_lazy("逾期"),
        ART_22,
        23,
        # Late: reached the office after the deadline, or not yet and the deadline has passed (AnnualReport.is_late).
        lambda user, year, today: _reports(user, year).filter(
            Q(late=True) | Q(submitted_at__isnull=True, cycle__deadline__lt=today)
        ),
        tone=lambda n: "danger" if n else "",
        **LINK,
    )
)
