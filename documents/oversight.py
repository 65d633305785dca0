"""Art 24 on the district oversight page: the documents signed and numbered in the year; Art 5: the documents from
above each committee signed for in the year."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from committee.authority import restrict
from committee.oversight import Measure, measure

from .authority_rules import VIEW, VIEW_UPPER
from .models import CommitteeReceipt, Document

measure(
    Measure(
        "documents_issued",
        gettext_lazy("发文（件）"),
        gettext_lazy("第二十四条 公文"),
        45,
        lambda user, year, today: restrict(Document.objects.filter(signed_at__year=year), user, VIEW),
    )
)

UPPER = gettext_lazy("第五条 上级来文")

measure(
    Measure(
        "upper_received",
        gettext_lazy("已签收（件）"),
        UPPER,
        50,
        lambda user, year, today: restrict(CommitteeReceipt.objects.filter(received_at__year=year), user, VIEW_UPPER),
    )
)
