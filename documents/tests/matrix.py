"""The document pages in the project's permission matrix (tests/test_permission_matrix.py).

Who sees what: the office, the director and the deputies see every document (drafts too); a unit's
liaison and head see a document once it is distributed to their unit; anybody else gets a 404.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from core.models import ReminderSent, RenderJob, RenderStatus
from documents import services
from documents.models import CommitteeReceipt, Document, DocumentReview, Receipt
from documents.tests.cascade import matrix_receipts

POST_ONLY = {"documents:step", "documents:annex_remove", "documents:upper_step"}
ALL = {
    "director",
    "deputy_plain",
    "deputy_expired",
    "deputy_revoked",
    "deputy_delegated",
    "office_director",
    "office_staff",
    "liaison_own",
    "liaison_other",
    "head_own",
}
OFFICE = {"office_director", "office_staff"}
LEADERS = {"director", "deputy_plain", "deputy_expired", "deputy_revoked", "deputy_delegated"}
# Roles whose POSTs may legitimately change documents: the office (send for review, distribute, correct, remind)
# and the liaison of the unit the document went to (sign for it).
POST_MAY_CHANGE = {"office_director", "office_staff", "liaison_own"}

_PDF: dict[str, bytes] = {}


def _done(document: Document) -> None:
    """Marks the document's PDF rendered, with a real PDF made once per test session (rendering is tested elsewhere)."""
    from documents.rendering import document_pdf

    if "pdf" not in _PDF:
        _PDF["pdf"] = document_pdf(document).pdf
    job = document.render_job
    job.pdf.save("matrix.pdf", ContentFile(_PDF["pdf"]), save=False)
    job.status, job.sha256, job.pages = RenderStatus.DONE, "0" * 64, 1
    job.save()


def url_args(base) -> dict[str, dict]:
    committee, users = base["committee"], base["users"]
    staff, office = users["office_staff"], users["office_director"]
    fulian = committee.units.get(code="fulian")

    def draft(title: str, classification: str = "general") -> Document:
        return services.document_draft(
            by=staff,
            committee=committee,
            kind="notice",
            classification=classification,
            title=title,
            body="请各单位认真落实。",
            main_units=[fulian],
        )

    def forward(document: Document) -> Document:
        services.document_submit(by=staff, document=document)
        return services.document_review(by=office, document=document, forward=True)

    drafted = draft("拟稿中的通知")
    in_review = services.document_submit(by=staff, document=draft("核稿中的通知"))
    awaiting = forward(draft("待签发的决定", "important"))
    signed = services.document_sign(by=office, document=forward(draft("已签发的通知")), opinion="同意")
    _done(signed)
    sent = services.document_sign(
        by=users["director"], document=forward(draft("已分发的决定", "important")), opinion="发"
    )
    _done(sent)
    sent = services.document_distribute(by=staff, document=sent)
    share = _share(committee, office, signed)
    from documents.annexes import annex_add
    from documents.rendering import verify_code

    annex = annex_add(by=staff, document=drafted, title="附表", text="附表内容")
    code = {"committee_code": committee.code}
    # Art 5: the town (the matrix's committee) under a district that sent it a document, still to sign for.
    pending, _received = matrix_receipts(committee)
    return {
        "documents:upper_list": code,
        "documents:upper_step": {"pk": pending.pk, "name": "receive"},
        "documents:list": code,
        "documents:export": code,
        "documents:new": code,
        "documents:detail": {"pk": sent.pk},
        "documents:edit": {"pk": drafted.pk},
        # Every declared step, on a document in the state it starts from.
        "documents:step": [
            {"pk": document.pk, "name": name}
            for document, names in (
                (drafted, ["submit"]),
                (in_review, ["forward", "send_back"]),
                (awaiting, ["sign", "decline"]),
                (signed, ["render_again", "distribute"]),
                (sent, ["receive", "remind", "archive", "correct"]),
            )
            for name in names
        ],
        "documents:pdf": {"pk": sent.pk},
        "documents:import_word": code,
        "documents:preview": {"pk": drafted.pk},
        "documents:docx": {"pk": sent.pk},
        "documents:annexes": {"pk": drafted.pk},
        "documents:annex_remove": {"pk": drafted.pk, "annex_id": annex.pk},
        "documents:verify": {"code": verify_code(sent)},
        "committee:shares": {"model_label": "documents.document", "pk": sent.pk},
        "committee:share_revoke": {"pk": share.pk},
        # The live state of a render job, polled by the document page: seen by whoever sees the document.
        "core:render_status": {"pk": sent.render_job.pk},
    }


def _share(committee, office, document):
    """A share of one document with a guest reviewer, so that the revoke URL has something to point at."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from committee.services import person_create, share_grant

    guest = person_create(
        committee=committee, name="区级审核人员", user=get_user_model().objects.create_user("matrix-guest")
    )
    return share_grant(
        by=office,
        obj=document,
        grantee=guest,
        reason="审核",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )


def expected(name: str, role: str) -> set[int] | None:
    if name == "committee:share_revoke":
        return {302, 405} if role == "anonymous" else {405}
    if name == "committee:shares":
        # The office shares a document; for anyone else the page does not exist.
        return {302} if role == "anonymous" else ({200} if role in OFFICE else {404})
    if name == "core:render_status":
        if role == "anonymous":
            return {302}
        return {404} if role in {"outsider", "liaison_other"} else {200}
    if not name.startswith("documents:"):
        return None
    if name in POST_ONLY:
        return {302, 405} if role == "anonymous" else {405}
    if role == "anonymous":
        return {302}
    if name == "documents:verify":
        return {200}  # login-only by default: any login may check a paper it holds
    if name in {"documents:preview", "documents:annexes"}:
        # Of a draft: the office and the leaders (the reviewer, the signer) see it; the units do not.
        return {200} if role in OFFICE | LEADERS else {404}
    if role == "outsider":
        return {404}
    if name in {"documents:new", "documents:import_word"}:
        return {200} if role in OFFICE else {302}
    if name in {"documents:detail", "documents:pdf", "documents:docx"}:
        # Distributed to 妇联 only: the other unit's liaison does not see it.
        return {404} if role == "liaison_other" else {200}
    if name == "documents:edit":
        # A draft: the units do not see it; the leaders see it but may not change it.
        if role in OFFICE:
            return {200}
        return {302} if role in LEADERS else {404}
    return {200}


def snapshot():
    return (
        sorted(Document.objects.values_list("pk", "state", "doc_number")),
        Receipt.objects.filter(received_at__isnull=False).count(),
        DocumentReview.objects.count(),
        ReminderSent.objects.count(),
        sorted(RenderJob.objects.values_list("pk", "status")),
        sorted(CommitteeReceipt.objects.values_list("pk", "state")),
    )
