"""A signed document's PDF on storage that has no filesystem path (S3 or MinIO when scaled out): rendered, stored
and downloaded through the storage API alone. core.tests.storage.PathlessStorage stands in for the bucket."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import override_settings

from core.rendering import render_job_run
from core.tests.storage import PathlessStorage, without_filesystem


@pytest.fixture
def bucket():
    with override_settings(STORAGES=without_filesystem()):
        assert isinstance(default_storage, PathlessStorage)
        yield default_storage


def files_under(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()] if Path(root).exists() else []


def test_a_signed_pdf_is_stored_and_downloaded_without_a_path(docs, client, bucket):
    document = docs.signed()
    job = document.render_job
    assert render_job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert bucket.exists(job.pdf.name)
    with pytest.raises(NotImplementedError):
        job.pdf.path  # noqa: B018 - the storage has no paths, and nothing may need one
    # Rendering again finds it done by asking the storage, not the disk.
    assert render_job_run(job_id=job.pk) == "already-done"

    client.force_login(docs.users["office_director"])
    response = client.get(f"/documents/{document.pk}/pdf/")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == job.sha256
    assert response["Content-Type"] == "application/pdf"
    assert not files_under(settings.MEDIA_ROOT), "nothing was written under MEDIA_ROOT"


def test_a_pdf_missing_from_the_storage_is_a_404_not_an_error(docs, client, bucket):
    document = docs.signed(render=True)
    bucket.delete(document.render_job.pdf.name)
    client.force_login(docs.users["office_director"])
    assert client.get(f"/documents/{document.pk}/pdf/").status_code == 404
