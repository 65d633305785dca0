"""表彰奖励 (Arts 7, 10) in the annual compilation: the year's commendations the committee decided."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.annual import AnnualSection, section

from .models import Commendation, CommendationState


@section
def commendations_section(committee, year: int) -> AnnualSection:
    rows = (
        Commendation.objects.filter(
            committee=committee, year=year, state__in=[CommendationState.DECIDED, CommendationState.ISSUED]
        )
        .select_related("unit", "document", "committee")
        .order_by("nominee_kind", "pk")
    )
    return AnnualSection(
        title=_("表彰奖励"),
        headers=[_("表彰对象"), _("类别"), _("推荐单位"), _("主要事迹"), _("表彰决定")],
        rows=[
            [
                f"{row.nominee}（{row.nominee_affiliation}）" if row.nominee_affiliation else row.nominee,
                str(row.get_nominee_kind_display()),
                row.proposer_name,
                row.reason,
                (row.document.doc_number if row.document_id else "") or str(row.get_state_display()),
            ]
            for row in rows
        ],
        empty=_("本年度委员会未作出表彰决定。"),
        order=10,
    )
