"""表彰 (Arts 7, 10) on the committee page: the commendations the committee decided, year by year (one query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from committee.authority import Action, restrict
from committee.models import Committee
from committee.panels import Panel, PanelItem, panel

from .models import Commendation, CommendationState

GRANTED = [CommendationState.DECIDED, CommendationState.ISSUED]


@panel
def commendations_panel(user, committee: Committee, year: int, place) -> Panel | None:
    if place != "committee":
        return None
    rows = (
        restrict(Commendation.objects.filter(committee=committee, state__in=GRANTED), user, Action.VIEW_COMMITTEE)
        .select_related("unit", "document")
        .order_by("-year", "nominee_kind", "pk")
    )
    items = []
    for row in rows:
        number = row.document.doc_number if row.document_id else ""
        items.append(
            PanelItem(
                text=_("%(year)s年 · %(nominee)s（%(kind)s）")
                % {"year": row.year, "nominee": row.nominee, "kind": row.get_nominee_kind_display()},
                url=row.get_absolute_url(),
                detail="；".join(
                    part for part in (row.nominee_affiliation, number or str(row.get_state_display())) if part
                ),
            )
        )
    return Panel(
        title=_("表彰奖励"),
        order=40,
        items=items,
        empty=_("尚无委员会决定的表彰。"),
        url=reverse("outreach:commendations", args=[committee.code]),
        link_label=_("查看全部表彰"),
        article=_("第七条、第十条"),
    )
