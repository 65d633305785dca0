"""A task's attachment on storage that has no filesystem path (S3 or MinIO when scaled out): uploaded and
downloaded through the storage API alone. core.tests.storage.PathlessStorage stands in for the bucket."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse

from core.tests.storage import PathlessStorage, without_filesystem
from duties.models import TaskAttachment
from meetings.tests import factories as f


@pytest.fixture
def task(staffed, users):
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    return f.task(users, decision, "fulian")


def test_an_attachment_is_stored_and_downloaded_without_a_path(users, login, task):
    with override_settings(STORAGES=without_filesystem()):
        liaison = login("liaison-fulian")
        response = liaison.post(
            reverse("duties:task_step", args=[task.pk, "report_progress"]),
            {"report_progress-text": "已开展走访", "report_progress-files": [f.pdf("走访记录.pdf")]},
        )
        assert response.status_code == 302
        attachment = TaskAttachment.objects.get()
        assert isinstance(default_storage, PathlessStorage)
        assert default_storage.exists(attachment.file.name)
        with pytest.raises(NotImplementedError):
            attachment.file.path  # noqa: B018 - the storage has no paths, and nothing may need one

        download = liaison.get(reverse("duties:attachment", args=[attachment.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content) == f.PDF
        assert "走访记录.pdf" in download["Content-Disposition"] or "filename*" in download["Content-Disposition"]
        root = Path(settings.MEDIA_ROOT)
        assert not (root.exists() and any(path.is_file() for path in root.rglob("*")))

        default_storage.delete(attachment.file.name)
        assert liaison.get(reverse("duties:attachment", args=[attachment.pk])).status_code == 404
