"""The demo shows documents in every state, the signed ones with their PDF (UI.md: Demo data)."""

from __future__ import annotations

from documents.demo import demo_create
from documents.models import Document, DocumentState, RenderStatus


def test_demo_documents(staffed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from committee.demo import demo_activity_create

    demo_activity_create(staffed)
    assert demo_create(staffed) == ["documents"]
    assert demo_create(staffed) == []
    documents = Document.objects.filter(committee=staffed)
    states = set(documents.values_list("state", flat=True))
    assert {
        DocumentState.DRAFT,
        DocumentState.IN_REVIEW,
        DocumentState.RETURNED,
        DocumentState.AWAITING_SIGNATURE,
        DocumentState.DISTRIBUTED,
        DocumentState.ARCHIVED,
    } <= states
    for document in documents.filter(signed_at__isnull=False):
        assert document.render_job.status == RenderStatus.DONE and document.render_job.pdf
    notice = documents.get(kind="notice", state=DocumentState.DISTRIBUTED)
    received = notice.receipts.filter(received_at__isnull=False).count()
    assert 0 < received < notice.receipts.count()
    decision = documents.get(kind="decision")
    assert decision.records is not None and decision.records.get_absolute_url()
