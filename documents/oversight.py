"""Art 24 on the district oversight page: the documents signed and numbered in the year."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from committee.authority import restrict
from committee.oversight import Measure, measure

from .authority_rules import VIEW
from .models import Document

measure(
    Measure(
        "documents_issued",
        gettext_lazy("发文（件）"),
        gettext_lazy("第二十四条 公文"),
        45,
        lambda user, year, today: restrict(Document.objects.filter(signed_at__year=year), user, VIEW),
    )
)
