"""What the office takes away: the Excel status board, each accepted report's PDF, the annual compilation,
and the differences between two versions."""

from __future__ import annotations

import datetime
import re
from io import BytesIO

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pdfminer.pdftypes import resolve1

from core.rendering import render_job_run
from reports import services
from reports.models import AnnualReport, RenderStatus, ReportCycle


def render(obj) -> str:
    """Runs the object's render job as a worker would."""
    return render_job_run(job_id=obj.render_job.pk)


def pdf_text_and_fonts(data: bytes) -> tuple[str, dict[str, bool]]:
    """The text of every page, and each font used with whether its glyphs are embedded in the file."""
    fonts: dict[str, bool] = {}
    with pdfplumber.open(BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        for page in pdf.pages:
            resources = resolve1(page.page_obj.resources) or {}
            for ref in (resolve1(resources.get("Font")) or {}).values():
                font = resolve1(ref)
                name = resolve1(font.get("BaseFont"))
                name = name.name if hasattr(name, "name") else str(name)
                descriptors = [resolve1(font.get("FontDescriptor"))]
                for descendant in resolve1(font.get("DescendantFonts")) or []:
                    descriptors.append(resolve1(resolve1(descendant).get("FontDescriptor")))
                fonts[name] = any(
                    descriptor and any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3"))
                    for descriptor in descriptors
                )
        used = {char["fontname"] for page in pdf.pages for char in page.chars}
    assert used, "the PDF has text"
    return text, fonts


def _accept(report: AnnualReport, users, to_office, text="已按职责开展工作") -> AnnualReport:
    report = to_office(report, text)
    return services.report_accept(by=users["office_director"], report=report, comment="同意")


def test_excel_export_of_the_status_board(cycle, report_of, users, to_office, login):
    to_office(report_of(cycle, "fulian"))
    issue = services.report_issue_add(by=users["liaison-gonghui"], report=report_of(cycle, "gonghui"))
    gonghui = report_of(cycle, "gonghui")
    services.report_save(
        by=users["liaison-gonghui"],
        report=gonghui,
        revision=gonghui.revision,
        content=services.DraftContent(issues={issue.pk: ("suggestion", "建议增加心理辅导经费")}),
    )
    to_office(gonghui)
    services.issue_follow_up(by=users["office_staff"], issue=issue, state="resolved", text="已纳入年度预算")
    response = login("office_staff").get(reverse("reports:cycle_export", args=[cycle.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook["报送情况"]
    assert [cell.value for cell in sheet[1]] == [
        "序号",
        "成员单位",
        "状态",
        "报送时间",
        "是否逾期",
        "最近提醒",
        "审核通过时间",
    ]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 14
    assert rows["妇联"][2] == "已报送"
    assert rows["妇联"][3].startswith(f"{timezone.localdate().year}年")
    assert rows["妇联"][4] == "否"
    assert rows["镇司法所"][2] == "草稿"
    assert rows["镇司法所"][5]  # the opening notice counts as the last reminder
    issues = workbook["问题和建议"]
    assert [cell.value for cell in issues[1]][:4] == ["序号", "成员单位", "类别", "内容"]
    assert list(issues.iter_rows(min_row=2, values_only=True)) == [
        (1, "镇工会", "意见建议", "建议增加心理辅导经费", "已办结", "已纳入年度预算")
    ]


def test_the_units_may_not_export(cycle, login):
    assert login("liaison-fulian").get(reverse("reports:cycle_export", args=[cycle.pk])).status_code == 404


def test_accepted_report_pdf_is_rendered_once_with_its_text_and_embedded_cjk_fonts(
    cycle, report_of, users, to_office, login
):
    report = _accept(report_of(cycle, "xibinhe-police"), users, to_office, "依法执行逮捕决定二十三件")
    assert report.pdf_status == RenderStatus.QUEUED
    assert render(report) == "done"
    assert render(report) == "already-done"  # the second run finds it done
    report.refresh_from_db()
    assert report.pdf_status == RenderStatus.DONE and report.pdf_rendered_at
    text, fonts = pdf_text_and_fonts(report.pdf_file.read())
    flat = text.replace("\n", "")
    for expected in (
        "公安分局西滨河派出所",
        f"{cycle.year}年度履职情况书面报告",
        "一、依法履职情况",
        "二、委员会决策部署完成情况",
        "三、重点工作落实情况",
        "四、存在问题及意见建议",
        "执行人民法院作出的逮捕决定",
        "依法执行逮捕决定二十三件",
    ):
        assert expected in flat, expected
    assert fonts and all(fonts.values()), fonts
    # Subsets ("ABCDEF+…") of the 仿宋 and 黑体 stand-ins the layout asks for (Fandol, as official documents).
    assert any(re.match(r"[A-Z]{6}\+FandolFang", name) for name in fonts), fonts
    assert any(re.match(r"[A-Z]{6}\+FandolHei", name) for name in fonts), fonts
    response = login("head-xibinhe-police").get(reverse("reports:report_pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert login("liaison-fulian").get(reverse("reports:report_pdf", args=[report.pk])).status_code == 404


def test_a_failed_render_is_recorded_and_can_be_asked_again(cycle, report_of, users, to_office, monkeypatch, login):
    report = _accept(report_of(cycle, "fulian"), users, to_office)

    def broken(*args, **kwargs):
        raise RuntimeError("字体缺失")

    monkeypatch.setattr("reports.pdf.html_to_pdf", broken)
    with pytest.raises(RuntimeError):
        render(report)
    report.refresh_from_db()
    assert report.pdf_status == RenderStatus.FAILED and "字体缺失" in report.pdf_error
    page = login("office_staff").get(report.get_absolute_url()).content.decode()
    assert "生成失败" in page and "字体缺失" in page and "重新生成" in page
    monkeypatch.undo()
    login("office_staff").post(reverse("reports:step", args=[report.pk, "render_again"]))
    report.refresh_from_db()
    assert report.pdf_status == RenderStatus.QUEUED
    assert render(report) == "done"


def test_a_render_for_a_missing_or_unaccepted_report_does_nothing(cycle, report_of, users):
    with pytest.raises(ValidationError, match="审核通过后才能生成"):
        services.report_pdf_request(by=users["office_staff"], report=report_of(cycle, "fulian"))
    assert report_of(cycle, "fulian").render_job is None
    assert render_job_run(job_id=999999) == "missing"


def test_annual_compilation_with_contents_page(cycle, report_of, users, to_office, login):
    for code in ("sifasuo", "fulian", "gonghui"):
        _accept(report_of(cycle, code), users, to_office, f"{code}的履职情况")
    client = login("office_staff")
    response = client.post(reverse("reports:compilation", args=[cycle.pk]))
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.pdf_status == RenderStatus.QUEUED
    assert render(cycle) == "done"
    assert render(cycle) == "already-done"
    cycle.refresh_from_db()
    assert cycle.compiled_count == 3
    download = client.get(reverse("reports:compilation", args=[cycle.pk]))
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    with pdfplumber.open(BytesIO(data)) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    assert f"{cycle.year}年度履职情况汇编" in pages[0].replace("\n", "")
    contents = pages[1].splitlines()
    assert contents[0] == "目录"
    # One line per accepted report, in the units' order, with a leader of dots and the page it starts on.
    entries = [re.fullmatch(r"(\d+)\. (\S+?)\.+(\d+)", line) for line in contents[1:4]]
    assert [(m[1], m[2]) for m in entries] == [("1", "镇司法所"), ("2", "妇联"), ("3", "镇工会")], contents
    for match in entries:
        starts = next(i for i, text in enumerate(pages) if text.startswith(match[2])) + 1
        assert int(match[3]) == starts, (match[2], starts)
    assert "sifasuo的履职情况" in "".join(pages).replace("\n", "")
    _text, fonts = pdf_text_and_fonts(data)
    assert all(fonts.values())


def test_the_compilation_needs_an_accepted_report_and_the_office(cycle, login):
    response = login("office_staff").post(reverse("reports:compilation", args=[cycle.pk]), follow=True)
    assert "还没有审核通过的报告" in response.content.decode()
    assert login("liaison-fulian").post(reverse("reports:compilation", args=[cycle.pk])).status_code == 404
    director = login("director").post(reverse("reports:compilation", args=[cycle.pk]), follow=True)
    assert "只有委员会办公室的人员" in director.content.decode()
    assert ReportCycle.objects.get(pk=cycle.pk).pdf_status == ""


def test_the_office_sees_what_changed_between_two_versions(cycle, report_of, users, fill, to_office, login):
    report = to_office(report_of(cycle, "fulian"), "走访矫正对象十二人次")
    services.report_return(by=users["office_director"], report=report, comment="请补充数据来源")
    to_office(report, "走访矫正对象十五人次")
    client = login("office_staff")
    page = client.get(reverse("reports:diff", args=[report.pk])).content.decode()
    assert "第1版" in page and "第2版" in page
    assert '<del class="diff-del">二</del>' in page
    assert '<ins class="diff-ins">五</ins>' in page
    assert "请补充数据来源" in page
    same = client.get(reverse("reports:diff", args=[report.pk]) + "?a=1&b=1").content.decode()
    assert "两个版本内容相同" in same
    unit = login("liaison-fulian").get(reverse("reports:diff", args=[report.pk]))
    assert unit.status_code == 302
    assert login("liaison-gonghui").get(reverse("reports:diff", args=[report.pk])).status_code == 404


def test_diff_of_added_and_removed_items():
    from reports.diff import diff_contents

    old = {"duties": [], "tasks": [], "key_work": "甲\n乙", "issues": [{"kind_label": "存在问题", "text": "<旧问题>"}]}
    new = {"duties": [], "tasks": [], "key_work": "甲\n乙\n丙", "issues": []}
    sections = {section.title: section for section in diff_contents(old, new)}
    key_work = sections["三、重点工作落实情况"]
    assert [row.kind for row in key_work.rows] == ["same", "same", "added"]
    issues = sections["四、存在问题及意见建议"]
    assert issues.rows[0].kind == "removed"
    assert "&lt;旧问题&gt;" in issues.rows[0].html  # escaped
    assert not sections["一、依法履职情况"].changed


def test_rendering_is_late_when_deadline_passed_pdf_marks_it(cycle, report_of, users, to_office):
    cycle.deadline = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save(update_fields=["deadline"])
    report = _accept(report_of(cycle, "fulian"), users, to_office)
    render(report)
    report.refresh_from_db()
    text, _fonts = pdf_text_and_fonts(report.pdf_file.read())
    assert "逾期" in text


def test_excel_export_writes_a_typed_problem_as_text(cycle, report_of, users, to_office, login):
    from core.tests.test_exports import assert_no_live_formula

    gonghui = report_of(cycle, "gonghui")
    issue = services.report_issue_add(by=users["liaison-gonghui"], report=gonghui)
    gonghui.refresh_from_db()
    services.report_save(
        by=users["liaison-gonghui"],
        report=gonghui,
        revision=gonghui.revision,
        content=services.DraftContent(issues={issue.pk: ("problem", "=cmd|' /C calc'!A0")}),
    )
    to_office(gonghui)
    response = login("office_staff").get(reverse("reports:cycle_export", args=[cycle.pk]))
    assert_no_live_formula(response.content)
    issues = load_workbook(BytesIO(response.content))["问题和建议"]
    assert [row[3] for row in issues.iter_rows(min_row=2, values_only=True)] == ["=cmd|' /C calc'!A0"]
    assert 'filename="report-cycle-' in response["Content-Disposition"]


def test_the_compilation_lists_the_years_commendations(cycle, report_of, users, to_office, appointment_of):
    """表彰奖励 (Arts 7, 10): the year's commendations the committee decided, added by the outreach app."""
    from outreach.models import Commendation, CommendationState

    _accept(report_of(cycle, "fulian"), users, to_office, "妇联的履职情况")
    director = appointment_of("director", "director")
    for year, name, state in (
        (cycle.year, "刘秀英", CommendationState.DECIDED),
        (cycle.year, "未决定者", CommendationState.PROPOSED),
        (cycle.year - 1, "去年者", CommendationState.DECIDED),
    ):
        decided = state != CommendationState.PROPOSED
        Commendation.objects.create(
            committee=cycle.committee,
            year=year,
            nominee_kind="person",
            nominee=name,
            nominee_affiliation="镇妇联副主席",
            reason="帮扶矫正对象家庭",
            proposed_by=director,
            state=state,
            decided_by=director if decided else None,
            decided_at=timezone.now() if decided else None,
        )
    services.compilation_request(by=users["office_staff"], cycle=cycle)
    assert render(cycle) == "done"
    cycle.refresh_from_db()
    with pdfplumber.open(cycle.pdf_file.open("rb")) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    assert "表彰奖励" in pages[1]  # in the contents
    last = pages[-1].replace("\n", "")
    assert last.startswith("表彰奖励") and "刘秀英" in last and "帮扶矫正对象" in last  # table cells wrap
    assert "未决定者" not in last and "去年者" not in last


def _compilation_messages(cycle) -> int:
    """Render messages for the cycle's compilation waiting in the outbox (not yet handed to the broker)."""
    from core.models import OutboxMessage
    from core.rendering import RENDER_TASK

    return OutboxMessage.objects.filter(task=RENDER_TASK, kwargs__job_id=cycle.render_job.pk, relayed_at=None).count()


def test_accepting_a_report_queues_the_compilation_again(cycle, report_of, users, to_office):
    """Art 22: the compilation the office made is made again when one more report is accepted, through the outbox
    in the accepting transaction (no broker call in the request); returning a report leaves it alone."""
    from core.outbox import outbox_relay

    _accept(report_of(cycle, "fulian"), users, to_office, "妇联的履职情况")
    services.compilation_request(by=users["office_staff"], cycle=cycle)
    assert render(cycle) == "done"
    outbox_relay()
    cycle.refresh_from_db()
    assert cycle.compiled_count == 1 and _compilation_messages(cycle) == 0
    returned = to_office(report_of(cycle, "gonghui"))
    services.report_return(by=users["office_director"], report=returned, comment="请补充")
    cycle.refresh_from_db()
    assert cycle.pdf_status == RenderStatus.DONE and _compilation_messages(cycle) == 0

    _accept(report_of(cycle, "sifasuo"), users, to_office, "司法所的履职情况")
    cycle.refresh_from_db()
    assert cycle.pdf_status == RenderStatus.QUEUED
    assert _compilation_messages(cycle) == 1
    assert render(cycle) == "done"
    cycle.refresh_from_db()
    assert cycle.compiled_count == 2
    with pdfplumber.open(cycle.pdf_file.open("rb")) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")
    assert "司法所的履职情况" in text and "妇联的履职情况" in text


def test_accepting_before_any_compilation_asks_for_none(cycle, report_of, users, to_office):
    _accept(report_of(cycle, "fulian"), users, to_office)
    cycle.refresh_from_db()
    assert cycle.render_job is None  # the office asks for the first one (生成汇编)


def test_two_acceptances_before_a_worker_runs_queue_one_render(cycle, report_of, users, to_office):
    _accept(report_of(cycle, "fulian"), users, to_office)
    services.compilation_request(by=users["office_staff"], cycle=cycle)
    for code in ("sifasuo", "gonghui"):
        _accept(report_of(cycle, code), users, to_office)
    cycle.refresh_from_db()
    assert _compilation_messages(cycle) == 1
    assert render(cycle) == "done"
    cycle.refresh_from_db()
    assert cycle.compiled_count == 3


def test_a_render_under_way_when_a_report_is_accepted_is_made_again(cycle, report_of, users, to_office, monkeypatch):
    """The render that read the cycle before the acceptance stores nothing; the message queued with the
    acceptance makes the compilation with the new report."""
    from core.outbox import outbox_relay
    from reports import pdf

    _accept(report_of(cycle, "fulian"), users, to_office)
    services.compilation_request(by=users["office_staff"], cycle=cycle)
    outbox_relay()
    cycle.refresh_from_db()
    real = pdf.compilation_pdf

    def accepted_meanwhile(subject):
        made = real(subject)  # with the one report accepted so far
        _accept(report_of(cycle, "sifasuo"), users, to_office)
        return made

    monkeypatch.setattr("reports.pdf.compilation_pdf", accepted_meanwhile)
    assert render(cycle) == "superseded"
    cycle.refresh_from_db()
    assert cycle.pdf_status == RenderStatus.QUEUED and not cycle.pdf_ready and _compilation_messages(cycle) == 1
    monkeypatch.undo()
    assert render(cycle) == "done"
    cycle.refresh_from_db()
    assert cycle.compiled_count == 2


def test_a_commendation_decided_queues_the_compilation_again(cycle, report_of, users, to_office):
    """表彰奖励 are part of the compilation (outreach/annual.py): deciding one makes it again, without the outreach
    app knowing the reports app (core.annual.annual_changed)."""
    from core.outbox import outbox_relay
    from outreach import services as outreach_services

    _accept(report_of(cycle, "fulian"), users, to_office)
    services.compilation_request(by=users["office_staff"], cycle=cycle)
    assert render(cycle) == "done"
    outbox_relay()
    proposal = outreach_services.commendation_propose(
        by=users["office_staff"],
        committee=cycle.committee,
        year=cycle.year,
        nominee_kind="person",
        nominee="刘秀英",
        reason="帮扶矫正对象家庭",
    )
    cycle.refresh_from_db()
    assert cycle.pdf_status == RenderStatus.DONE  # proposed only: not in the compilation
    outreach_services.commendation_decide(by=users["director"], commendation=proposal, agree=True)
    cycle.refresh_from_db()
    assert cycle.pdf_status == RenderStatus.QUEUED and _compilation_messages(cycle) == 1
    assert render(cycle) == "done"
    cycle.refresh_from_db()
    with pdfplumber.open(cycle.pdf_file.open("rb")) as pdf:
        assert "刘秀英" in (pdf.pages[-1].extract_text() or "")


def test_the_report_pages_show_the_pdf_state_live(cycle, report_of, users, to_office, login):
    """UI.md: the report's PDF and the compilation show their state with the live badge, which polls while pending."""
    from django.urls import reverse as url

    report = _accept(report_of(cycle, "fulian"), users, to_office)
    services.compilation_request(by=users["office_staff"], cycle=cycle)
    report.refresh_from_db()
    cycle.refresh_from_db()
    client = login("office_staff")
    pages = {
        "report": (client.get(report.get_absolute_url()), report.render_job),
        "board": (client.get(cycle.get_absolute_url()), cycle.render_job),
        "cycles": (client.get(url("reports:cycles", args=[cycle.committee.code])), cycle.render_job),
    }
    for name, (response, job) in pages.items():
        page = response.content.decode()
        assert 'data-testid="render-status"' in page, name
        assert f'hx-get="{url("core:render_status", args=[job.pk])}"' in page, name
