"""Art 24: a deputy who signs with the English screen leaves a Chinese sign-off in the document's PDF,
while each reader's page shows the capacity in the reader's language."""

from __future__ import annotations

import io

import pdfplumber
from django.urls import reverse
from django.utils import translation

from documents import services
from documents.models import Document


def _signed_in_english(docs, users, delegate) -> tuple[Document, int]:
    delegation = delegate("deputy1", ["sign"])
    document = docs.awaiting(classification="important")
    with translation.override("en"):
        document = services.document_sign(by=users["deputy1"], document=document, opinion="同意")
    return docs.render(document), delegation.number


def test_the_pdf_freezes_the_capacity_in_chinese(docs, users, delegate):
    document, number = _signed_in_english(docs, users, delegate)

    with document.render_job.pdf.open("rb") as stored, pdfplumber.open(io.BytesIO(stored.read())) as pdf:
        sign_off = pdf.metadata["Subject"]
        text = "".join(page.extract_text() for page in pdf.pages)
    # The PDF's Subject names the document (文号) and who signed it, in what capacity, in Chinese.
    assert sign_off.endswith(f" {users['deputy1'].person.name}以副主任身份（第{number}号委托）签发")
    assert "Delegation" not in sign_off and "Deputy" not in text


def test_each_reader_sees_the_capacity_in_their_language(docs, users, delegate, login):
    document, number = _signed_in_english(docs, users, delegate)
    stored = Document.objects.get(pk=document.pk)
    assert stored.signed_under_id is not None and stored.signed.delegation.number == number

    client = login("office_staff")
    url = reverse("documents:detail", args=[document.pk])
    chinese = client.get(url).content.decode()
    assert f"以副主任身份（第{number}号委托）" in chinese

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(url).content.decode()
    assert f"As Deputy Director (Delegation No. {number})" in english
    assert f"以副主任身份（第{number}号委托）" not in english


def test_an_act_survives_the_database(docs, users, delegate, appointment_of):
    """The descriptor round trip on the real model: keys written, read back after a fresh load."""
    document, number = _signed_in_english(docs, users, delegate)
    loaded = Document.objects.select_related("signed_by__person", "signed_under").get(pk=document.pk)
    act = loaded.signed
    assert act.appointment == appointment_of("deputy1", "deputy")
    assert act.person.user == users["deputy1"]
    assert act.at == document.signed_at
    assert act.capacity_zh == f"以副主任身份（第{number}号委托）"
    assert loaded.reviewed.capacity_zh == "以办公室主任身份"
    assert loaded.drafted.at == loaded.created_at
