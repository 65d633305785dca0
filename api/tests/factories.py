"""Rows for the API tests beyond the apps' own factories: committees around Miyun's, their logins, rendered PDFs."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from committee.models import Committee
from committee.services import appointment_make, person_create
from core.models import RenderStatus
from documents.models import Document
from meetings.tests.factories import PDF


def committee_create(code: str, name: str, parent: Committee | None = None) -> Committee:
    return Committee.objects.create(
        code=code,
        name=name,
        short_name=name,
        nature="议事协调机构",
        legal_basis="《中华人民共和国社区矫正法》",
        approving_body="人民政府",
        established_on=datetime.date(2022, 1, 1),
        effective_on=datetime.date(2022, 1, 1),
        office_name=f"{name}办公室",
        office_host="司法所",
        doc_prefix=f"{code}委",
        office_doc_prefix=f"{code}委办",
        parent=parent,
    )


def login_in(committee: Committee, username: str, position: str, **extra):
    """A login holding `position` in `committee` from the start of the year."""
    user = get_user_model().objects.create_user(username)
    person = person_create(committee=committee, name=username, user=user)
    appointment_make(
        committee=committee,
        person=person,
        position=position,
        start_date=timezone.localdate().replace(month=1, day=1),
        **extra,
    )
    return user


def rendered(document: Document) -> Document:
    """As if the PDF had been rendered (rendering is tested with the documents): a document may then be distributed."""
    job = document.render_job
    job.pdf.save("api-test.pdf", ContentFile(PDF), save=False)
    job.status, job.sha256, job.pages = RenderStatus.DONE, "0" * 64, 1
    job.save()
    return document
