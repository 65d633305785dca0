"""The document pages: the register with filters, pages and a count within a query budget; drafting; to-dos."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from committee.models import Appointment
from documents import services
from documents.models import Addressee, Document, DocumentState, Receipt

LIST = "/c/miyun-town/documents/"


def _bulk(committee, users, count: int, *, distributed_to=None, start: int = 0) -> None:
    """Hundreds of documents at once, straight into the tables: the budget is about reading them."""
    drafter = Appointment.objects.in_force().get(person__user=users["office_staff"])
    signer = Appointment.objects.in_force().get(person__user=users["director"])
    now = timezone.now()
    year = timezone.localdate().year
    rows = []
    for n in range(start, start + count):
        signed = n % 2 == 0
        rows.append(
            Document(
                committee=committee,
                kind=["notice", "decision", "bulletin", "opinion"][n % 4],
                classification="important",
                title=f"批量公文{n:04d}",
                body="正文",
                state=DocumentState.DISTRIBUTED if signed else DocumentState.DRAFT,
                drafted_by=drafter,
                signed_by=signer if signed else None,
                signer_name="王建国" if signed else "",
                sign_opinion="同意" if signed else "",
                signed_at=now if signed else None,
                doc_year=year if signed else None,
                doc_serial=1000 + n if signed else None,
                doc_number=f"密镇矫委〔{year}〕{1000 + n}号" if signed else "",
                content_sha256="0" * 64 if signed else "",
                distributed_at=now if signed else None,
            )
        )
    created = Document.objects.bulk_create(rows)
    units = list(committee.units.filter(code__in=distributed_to or ["fulian", "gonghui"]))
    Addressee.objects.bulk_create([Addressee(document=d, unit=u, role="main") for d in created for u in units])
    Receipt.objects.bulk_create(
        [Receipt(document=d, unit=u, role="main") for d in created if d.distributed_at for u in units]
    )


@pytest.mark.parametrize("username", ["office_staff", "director", "liaison-fulian"])
def test_the_register_stays_within_its_query_budget(login, staffed, users, django_assert_max_num_queries, username):
    client = login(username)
    _bulk(staffed, users, 30)
    with django_assert_max_num_queries(14) as few:
        assert client.get(LIST).status_code == 200
    _bulk(staffed, users, 300, start=30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(LIST).content.decode()
    assert "批量公文" in page
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        client.get(LIST + "?kind=notice&state=distributed&receipts=pending&o=-signed&page=2")


def test_the_register_counts_filters_and_pages(login, staffed, users, docs):
    _bulk(staffed, users, 60)
    client = login("office_staff")
    page = client.get(LIST).content.decode()
    assert "共 60 件" in page and "第 1 / 3 页" in page
    page = client.get(LIST + "?kind=notice").content.decode()
    assert "共 15 件" in page
    # The next page keeps the filter.
    page = client.get(LIST + "?state=draft").content.decode()
    assert "共 30 件" in page and "state=draft&amp;page=2" in page
    assert "共 1 件" in client.get(LIST + "?q=批量公文0007").content.decode()
    signed = Document.objects.filter(title="批量公文0000").get()
    assert "共 1 件" in client.get(LIST + f"?q={signed.doc_number}").content.decode()
    Receipt.objects.filter(document__title="批量公文0002").update(
        received_at=timezone.now(), received_by=signed.signed_by
    )
    assert "共 1 件" in client.get(LIST + "?receipts=complete").content.decode()
    assert "共 29 件" in client.get(LIST + "?receipts=pending").content.decode()
    unit = staffed.units.get(code="tuanwei")
    assert "共 0 件" in client.get(LIST + f"?unit={unit.pk}").content.decode()


def test_units_see_only_what_was_sent_to_them(login, staffed, users):
    _bulk(staffed, users, 10, distributed_to=["fulian"])
    assert "共 5 件" in login("liaison-fulian").get(LIST).content.decode()
    assert "共 5 件" in login("head-fulian").get(LIST).content.decode()
    assert "共 0 件" in login("liaison-gonghui").get(LIST).content.decode()
    assert "共 10 件" in login("deputy2").get(LIST).content.decode()
    assert "拟稿" not in login("deputy2").get(LIST).content.decode().split("<form")[0].split("公文")[-1]


def test_the_register_exports_to_excel(login, docs):
    docs.signed(classification="general", title="导出的通知")
    response = login("office_staff").get(LIST + "export/?kind=notice")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("发文字号", "标题", "文种")
    assert any(row[1] == "导出的通知" and row[0].startswith("密镇矫委办〔") for row in rows[1:])


def test_drafting_keeps_what_was_typed_and_explains(login, staffed):
    client = login("office_staff")
    response = client.post(
        LIST + "new/",
        {"kind": "notice", "classification": "general", "title": "没有主送的通知", "body": "正文", "with_seal": "on"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "请选择主送单位或填写其他主送机关" in page and 'value="没有主送的通知"' in page
    assert not Document.objects.filter(title="没有主送的通知").exists()
    response = client.post(
        LIST + "new/",
        {
            "kind": "notice",
            "classification": "general",
            "title": "发给全体成员单位的通知",
            "main_all": "on",
            "body": "正文",
        },
    )
    document = Document.objects.get(title="发给全体成员单位的通知")
    assert response.status_code == 302 and response.url == document.get_absolute_url()
    assert document.addressees.count() == staffed.units.filter(is_active=True).count()
    assert document.with_seal is False


def test_the_draft_is_edited_by_the_office(login, docs):
    document = docs.draft()
    client = login("office_staff")
    page = client.get(f"/documents/{document.pk}/edit/").content.decode()
    assert document.title in page
    data = {
        "kind": "notice",
        "classification": "general",
        "title": "改过的标题",
        "main_units": [document.addressees.get().unit_id],
        "body": "改过的正文",
    }
    assert client.post(f"/documents/{document.pk}/edit/", data).status_code == 302
    document.refresh_from_db()
    assert (document.title, document.body) == ("改过的标题", "改过的正文")
    assert login("director").get(f"/documents/{document.pk}/edit/").status_code == 302


def test_the_detail_page_shows_next_steps_and_why_others_cannot(login, docs, django_assert_max_num_queries):
    document = docs.in_review(classification="important")
    # Built afresh (the first look): with those that find when the clock next changes what is kept.
    with django_assert_max_num_queries(45):
        page = login("office_director").get(document.get_absolute_url()).content.decode()
    assert "核稿通过，送签发" in page and "退回修改" in page
    page = login("office_staff").get(document.get_absolute_url()).content.decode()
    assert "核稿由办公室主任负责。" in page and "核稿通过" not in page
    services.document_review(by=docs.users["office_director"], document=document, forward=True)
    page = login("office_director").get(document.get_absolute_url()).content.decode()
    assert "只有主任或受委托的副主任可以签发重要事项公文。" in page
    page = login("director").get(document.get_absolute_url()).content.decode()
    assert "签发后将编发文字号" in page and "以主任身份" in page
    assert "变更记录" in page


def test_the_detail_page_keeps_its_budget_with_many_receipts(login, docs, django_assert_max_num_queries):
    units = [u.code for u in docs.committee.units.filter(is_active=True)]
    document = docs.distributed(main=tuple(units))
    # The open steps' conditions (any receipt missing, a correction already made, the PDF stuck) cost one query
    # each, however many units there are; a few more find when the clock next changes what is kept.
    client = login("office_staff")
    with django_assert_max_num_queries(53):
        page = client.get(document.get_absolute_url()).content.decode()
    assert page.count("未签收") >= len(units)
    # A second look, nothing written since: the document and the site's frame, not the page's parts.
    with django_assert_max_num_queries(15):
        again = client.get(document.get_absolute_url()).content.decode()
    assert again.count("未签收") == page.count("未签收")


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("office_director", ["请核稿：核稿中的意见"]),
        ("director", ["请签发：待签发的决定"]),
        ("deputy1", []),
        ("office_staff", ["退回修改：退回的函", "尚有1个单位未签收"]),
        ("liaison-fulian", ["请签收：密镇矫委"]),
        ("head-fulian", []),
    ],
)
def test_my_todo_lists_what_documents_wait_for(login, docs, users, username, expected, django_assert_max_num_queries):
    from documents.todo import document_todo

    docs.in_review(title="核稿中的意见")
    docs.awaiting(classification="important", title="待签发的决定")
    returned = docs.in_review(title="退回的函")
    services.document_review(by=users["office_director"], document=returned, forward=False, comment="重写")
    docs.distributed(classification="important", main=("fulian",), title="已分发的通知")
    # Drafts and reviews, receipts of the units, and 上级来文 to sign for (Art 5): one query each, at most.
    with django_assert_max_num_queries(4):
        items = document_todo(users[username], docs.committee)
    titles = [item.title for item in items]
    for text in expected:
        assert any(title.startswith(text) for title in titles), titles
    if not expected:
        assert titles == []
    page = login(username).get("/").content.decode()
    for item in items:
        assert item.url in page


def test_a_returned_draft_shows_the_comment_to_the_drafter(login, docs, users):
    document = docs.in_review()
    services.document_review(by=users["office_director"], document=document, forward=False, comment="请补充时限要求。")
    page = login("office_staff").get(document.get_absolute_url()).content.decode()
    assert "核稿退回" in page and "请补充时限要求。" in page and "送核稿" in page


def test_the_register_export_is_in_number_order_and_writes_titles_as_text(login, docs):
    from core.tests.test_exports import assert_no_live_formula

    second_draft = docs.draft(title="-草稿在后")
    first = docs.signed(classification="general", title="=1+1 第一份")
    second = docs.signed(classification="general", title="@第二份")
    response = login("office_staff").get(LIST + "export/")
    assert_no_live_formula(response.content)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    numbered = [row[0] for row in rows if row[0]]
    assert numbered.index(first.doc_number) < numbered.index(second.doc_number)
    assert rows[-1][1] == second_draft.title or not rows[-1][0]
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_a_kept_page_offers_to_render_again_once_the_pdf_is_stuck(login, docs, monkeypatch):
    """What the clock alone changes ends a kept page (`committee.viewcache`): a PDF still queued when a worker
    would long have finished it shows the step to ask again, without a write in between."""
    from core.rendering import stale_after

    document = docs.signed()  # its PDF queued, no worker has taken it
    again = reverse("documents:step", args=[document.pk, "render_again"])
    client = login("office_staff")
    queued = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: queued + datetime.timedelta(seconds=5))
    assert again not in client.get(document.get_absolute_url()).content.decode()
    later = queued + stale_after() + datetime.timedelta(seconds=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert again in client.get(document.get_absolute_url()).content.decode()
