"""Drafts save as the liaison types; two open tabs never overwrite each other unseen."""

from __future__ import annotations

from django.urls import reverse

from reports import services
from reports.models import AnnualReport


def _payload(report: AnnualReport, revision: int, text: str) -> dict:
    entry = report.duty_entries.first()
    return {"revision": revision, f"duty-{entry.pk}": text, "key_work": f"重点：{text}"}


def test_autosave_saves_and_answers_the_new_revision(cycle, report_of, login):
    report = report_of(cycle, "fulian")
    client = login("liaison-fulian")
    url = reverse("reports:autosave", args=[report.pk])
    response = client.post(url, _payload(report, 0, "第一次输入"))
    assert response.status_code == 200
    assert response.json()["revision"] == 1
    report.refresh_from_db()
    assert report.revision == 1 and report.key_work == "重点：第一次输入"
    assert report.duty_entries.first().done_text == "第一次输入"
    assert report.last_saved_by.user.username == "liaison-fulian"
    # Saving what is already saved changes nothing and keeps the revision.
    again = client.post(url, _payload(report, 1, "第一次输入"))
    assert again.json()["revision"] == 1
    # Typing does not fill the history tables: the draft is versioned by revision, submissions by version.
    assert report.history.count() == 1


def test_a_stale_tab_gets_409_and_does_not_overwrite(cycle, report_of, login):
    report = report_of(cycle, "fulian")
    client = login("liaison-fulian")
    url = reverse("reports:autosave", args=[report.pk])
    assert client.post(url, _payload(report, 0, "甲窗口的内容")).status_code == 200
    stale = client.post(url, _payload(report, 0, "乙窗口的内容"))
    assert stale.status_code == 409
    body = stale.json()
    assert body["conflict"] is True and body["revision"] == 1
    assert "其他窗口" in body["error"]
    report.refresh_from_db()
    assert report.duty_entries.first().done_text == "甲窗口的内容"
    # The user chose to overwrite: the page sends the revision the conflict named.
    overwrite = client.post(url, _payload(report, body["revision"], "乙窗口的内容"))
    assert overwrite.status_code == 200
    report.refresh_from_db()
    assert report.duty_entries.first().done_text == "乙窗口的内容"


def test_a_stale_revision_carrying_what_is_already_saved_is_no_conflict(cycle, report_of, login):
    """The save a closing tab sends with sendBeacon may cross the form post: same content, no conflict."""
    report = report_of(cycle, "fulian")
    client = login("liaison-fulian")
    url = reverse("reports:autosave", args=[report.pk])
    client.post(url, _payload(report, 0, "同样的内容"))
    assert client.post(url, _payload(report, 0, "同样的内容")).status_code == 200


def test_the_form_post_on_a_stale_revision_shows_the_conflict_and_keeps_the_typing(cycle, report_of, login):
    report = report_of(cycle, "fulian")
    client = login("liaison-fulian")
    client.post(reverse("reports:autosave", args=[report.pk]), _payload(report, 0, "先保存的"))
    response = client.post(
        reverse("reports:report", args=[report.pk]), {"op": "save", **_payload(report, 0, "后提交的")}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "为免互相覆盖" in page
    assert "后提交的" in page
    assert 'name="revision" value="1"' in page


def test_autosave_refuses_other_units_heads_and_locked_reports(cycle, report_of, login, users, fill):
    report = report_of(cycle, "fulian")
    url = reverse("reports:autosave", args=[report.pk])
    assert login("liaison-gonghui").post(url, _payload(report, 0, "越权")).status_code == 404
    assert login("head-fulian").post(url, _payload(report, 0, "负责人")).status_code == 403
    assert login("office_staff").post(url, _payload(report, 0, "办公室")).status_code == 403
    assert login("liaison-fulian").get(url).status_code == 405
    fill(report, "liaison-fulian")
    services.report_submit(by=users["liaison-fulian"], report=report)
    report.refresh_from_db()
    locked = login("liaison-fulian").post(url, _payload(report, report.revision, "提交后再改"))
    assert locked.status_code == 409 and locked.json()["locked"] is True
    assert not report.duty_entries.filter(done_text="提交后再改").exists()


def test_autosave_without_a_revision_is_refused(cycle, report_of, login):
    report = report_of(cycle, "fulian")
    response = login("liaison-fulian").post(reverse("reports:autosave", args=[report.pk]), {"key_work": "x"})
    assert response.status_code == 400


def test_entry_ids_of_another_report_are_ignored(cycle, report_of, login):
    mine, theirs = report_of(cycle, "fulian"), report_of(cycle, "gonghui")
    other = theirs.duty_entries.first()
    response = login("liaison-fulian").post(
        reverse("reports:autosave", args=[mine.pk]), {"revision": 0, f"duty-{other.pk}": "篡改别人的报告"}
    )
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.done_text == ""
