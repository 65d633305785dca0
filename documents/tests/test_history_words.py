"""A document's history in words: rows made together as one line, booleans as 是/否, digests left out, and who
acted with their capacity on the day."""

from __future__ import annotations

from documents.models import Document
from documents.views import _history


def test_history_groups_rows_made_together_and_says_yes_or_no(staffed, login):
    units = list(staffed.units.filter(is_active=True).order_by("sort_order"))
    client = login("office_staff")
    fields = {"kind": "notice", "classification": "general", "title": "关于历史记录的通知", "body": "正文"}
    client.post(f"/c/{staffed.code}/documents/new/", {**fields, "main_units": [u.pk for u in units], "with_seal": "on"})
    document = Document.objects.get(title="关于历史记录的通知")
    client.post(f"/documents/{document.pk}/edit/", {**fields, "main_units": [u.pk for u in units]})
    rows = _history(document)
    (addressees,) = [row for row in rows if row.model == "收文单位"]
    assert addressees.count == len(units) > 10 and addressees.kind == "新建"
    (seal,) = [change for row in rows for change in row.changes if change[0] == "加盖印章"]
    assert (str(seal[1]), str(seal[2])) == ("是", "否")
    assert {(row.who, row.capacity) for row in rows} == {("赵雪", "办公室工作人员")}
    assert not any(row.label.startswith("#") for row in rows)
    page = client.get(document.get_absolute_url()).content.decode()
    assert f"{len(units)}个" in page and "True" not in page


def test_digests_are_not_in_the_history(docs):
    document = docs.signed(classification="general")
    assert document.content_sha256
    changed = {name for row in _history(document) for name, _old, _new in row.changes}
    assert "签发内容摘要" not in changed and "SHA-256" not in changed
