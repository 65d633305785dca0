"""A worker killed in the middle of an annual report's PDF leaves a job that another worker finishes, with one PDF
(issue 9: the report used to stay 生成中 for good)."""

from __future__ import annotations

import pytest

from reports import services
from tests.workers import only_file_in_its_folder, render_killed_and_resumed


@pytest.mark.worker
def test_a_worker_killed_mid_report_render_leaves_a_job_another_worker_finishes_with_one_pdf(
    transactional_db, cycle, report_of, users, to_office, tmp_path, monkeypatch
):
    def accept():
        report = to_office(report_of(cycle, "fulian"), "开展困难帮扶、家庭教育指导和权益维护工作。" * 120)
        report = services.report_accept(by=users["office_director"], report=report, comment="同意")
        return report.render_job

    job = render_killed_and_resumed(accept, tmp_path, monkeypatch)
    assert job.attempts == 2 and job.pdf and job.sha256
    assert job.subject.pdf_ready
    assert only_file_in_its_folder(job.pdf)  # one PDF
