"""A worker killed in the middle of an annual report's PDF leaves a job that another worker finishes, with one PDF
(issue 9: the report used to stay 生成中 for good)."""

from __future__ import annotations

import os
import signal
from contextlib import ExitStack

import pytest

from core.models import RenderStatus
from core.outbox import outbox_relay
from core.rendering import render_jobs_resume
from reports import services
from tests.workers import default_queue, start_worker, stop, unique_queue, wait_for


@pytest.mark.worker
def test_a_worker_killed_mid_report_render_leaves_a_job_another_worker_finishes_with_one_pdf(
    transactional_db, cycle, report_of, users, to_office, tmp_path, monkeypatch
):
    with ExitStack() as stack:
        queue = stack.enter_context(default_queue(unique_queue()))
        recovery = {"RENDER_STALE_SECONDS": "2", "CELERY_VISIBILITY_TIMEOUT": "4"}
        log = tmp_path / "worker.log"
        first = start_worker(queue, log, **recovery)
        try:
            report = to_office(report_of(cycle, "fulian"), "开展困难帮扶、家庭教育指导和权益维护工作。" * 120)
            report = services.report_accept(by=users["office_director"], report=report, comment="同意")
            outbox_relay()
            job = report.render_job
            wait_for(lambda: type(job).objects.filter(pk=job.pk, status=RenderStatus.RENDERING).exists(), timeout=120)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(10)
        finally:
            stop(first)
        job.refresh_from_db()
        assert job.status == RenderStatus.RENDERING, "the render must have been cut off"

        monkeypatch.setattr("django.conf.settings.RENDER_STALE_SECONDS", 2)
        second = start_worker(queue, log, **recovery)
        try:

            def recovered():
                render_jobs_resume()
                outbox_relay()
                job.refresh_from_db()
                return job.status == RenderStatus.DONE

            wait_for(recovered, timeout=120, interval=1)
        finally:
            stop(second)
            print(log.read_text())
    assert job.attempts == 2 and job.pdf and job.sha256
    report.refresh_from_db()
    assert report.pdf_ready
    folder = os.path.dirname(job.pdf.path)
    assert os.listdir(folder) == [os.path.basename(job.pdf.name)]  # one PDF
