"""Fixtures for the document tests: documents brought to each step through the services."""

from __future__ import annotations

import pytest

from core.rendering import render_job_run
from documents import services
from documents.models import Document

SIGNER_OF = {"important": "director", "general": "office_director"}


class Documents:
    """docs.draft(...), docs.awaiting(...), docs.signed(...), docs.distributed(...): one call per state."""

    def __init__(self, committee, users):
        self.committee = committee
        self.users = users

    def units(self, *codes):
        return [self.committee.units.get(code=code) for code in codes]

    def draft(
        self,
        *,
        classification: str = "general",
        kind: str = "notice",
        by: str = "office_staff",
        main=("fulian",),
        copy=(),
        title: str = "关于做好社区矫正对象教育帮扶工作的通知",
        body: str = "各成员单位要按照职责做好社区矫正对象教育帮扶工作。\n一、明确责任。各单位确定专人负责。",
        **extra,
    ) -> Document:
        return services.document_draft(
            by=self.users[by],
            committee=self.committee,
            kind=kind,
            classification=classification,
            title=title,
            body=body,
            main_units=self.units(*main),
            copy_units=self.units(*copy),
            **extra,
        )

    def in_review(self, **kwargs) -> Document:
        document = self.draft(**kwargs)
        return services.document_submit(by=self.users["office_staff"], document=document)

    def awaiting(self, **kwargs) -> Document:
        document = self.in_review(**kwargs)
        return services.document_review(by=self.users["office_director"], document=document, forward=True)

    def signed(self, *, signer: str | None = None, render: bool = False, **kwargs) -> Document:
        document = self.awaiting(**kwargs)
        signer = signer or SIGNER_OF[document.classification]
        document = services.document_sign(by=self.users[signer], document=document, opinion="同意")
        if render:
            self.render(document)
        return document

    def render(self, document: Document) -> Document:
        render_job_run(job_id=document.render_job.pk)
        document.render_job.refresh_from_db()
        return document

    def distributed(self, **kwargs) -> Document:
        document = self.signed(render=True, **kwargs)
        return services.document_distribute(by=self.users["office_staff"], document=document)


@pytest.fixture
def docs(staffed, users, settings, tmp_path) -> Documents:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Documents(staffed, users)


def seal_png(size: int = 420) -> bytes:
    """A red ring on a transparent ground: the stand-in for an issuer's seal image in tests."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), outline=(230, 0, 0, 255), width=size // 24)
    draw.regular_polygon((size / 2, size / 2, size / 6), 5, fill=(230, 0, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def issuer_seals(docs):
    """Seal images for the committee and its office, in force from before any test document is signed."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from documents.models import IssuerSeal

    seals = {}
    for issuer in ("committee", "office"):
        seal = IssuerSeal(
            committee=docs.committee, issuer=issuer, valid_from=timezone.now() - datetime.timedelta(days=1)
        )
        seal.image.save(f"{issuer}.png", ContentFile(seal_png()), save=False)
        seal.save()
        seals[issuer] = seal
    return seals
