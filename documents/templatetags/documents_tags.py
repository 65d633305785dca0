"""Template helpers of official documents, including the link from any recorded object back to its documents.

Other apps show the documents that record one of their objects (a decision, minutes, an inspection
report, a report compilation) with::

    {% load documents_tags %}{% documents_recording decision %}

which lists them for the user (only those the user may see) and, for the office, offers to draft one.
"""

from __future__ import annotations

import datetime

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from committee.authority import Action, decide

from ..models import DocumentState

register = template.Library()

STATE_TONES = {
    DocumentState.DRAFT: "secondary",
    DocumentState.RETURNED: "danger",
    DocumentState.IN_REVIEW: "warning",
    DocumentState.AWAITING_SIGNATURE: "warning",
    DocumentState.SIGNED: "info",
    DocumentState.DISTRIBUTED: "primary",
    DocumentState.ARCHIVED: "success",
}
# A unit that has not signed for this long after distribution is shown in red.
RECEIPT_OVERDUE = datetime.timedelta(days=3)


@register.filter
def state_tone(state: str) -> str:
    return STATE_TONES.get(state, "secondary")


@register.simple_tag
def receipts_tone(done: int, total: int, distributed_at) -> str:
    """Green when every unit signed; yellow while waiting; red once a unit is late."""
    if not total or done >= total:
        return "success"
    if distributed_at and timezone.now() - distributed_at >= RECEIPT_OVERDUE:
        return "danger"
    return "warning"


@register.filter
def filesize(value) -> str:
    if not value:
        return ""
    if value < 1024 * 1024:
        return f"{value / 1024:.0f} KB"
    return f"{value / 1024 / 1024:.1f} MB"


@register.inclusion_tag("documents/includes/recording.html", takes_context=True)
def documents_recording(context, obj):
    """The documents that record `obj`, for the page of `obj` (the link back along the chain)."""
    from ..selectors import documents_visible_to

    request = context.get("request")
    user = getattr(request, "user", None)
    committee = getattr(obj, "committee", None)
    if user is None or committee is None:
        return {"documents": [], "draft_url": ""}
    documents = list(documents_visible_to(user, committee).recording(obj).order_by("version"))
    draft_url = ""
    if decide(user, Action.MANAGE_COMMITTEE, committee):
        content_type = ContentType.objects.get_for_model(obj)
        draft_url = (
            reverse("documents:new", kwargs={"committee_code": committee.code}) + f"?records={content_type.pk}-{obj.pk}"
        )
    return {"documents": documents, "draft_url": draft_url}


@register.filter
def verify_url(document) -> str:
    """The verification page a signed document's QR code leads to."""
    from ..rendering import verify_path

    return verify_path(document) if document.is_signed else ""


@register.simple_tag
def follow_count(receipt, key: str) -> int:
    """A committee's count for one follow-up column (`documents.follow`), annotated on its receipt."""
    return getattr(receipt, f"follow_{key}", 0) or 0
