"""After sign-off the text is frozen; a correction is a new version with its own sign-off, and both stay."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.rendering import render_job_run
from documents import services
from documents.models import Addressee, Document, DocumentState, FrozenDocumentError, RenderStatus


def test_the_model_refuses_to_change_a_signed_text(docs):
    document = Document.objects.get(pk=docs.signed().pk)
    document.title = "改过的标题"
    with pytest.raises(FrozenDocumentError, match="标题"):
        document.save()
    document.refresh_from_db()
    document.body = "改过的正文"
    with pytest.raises(FrozenDocumentError, match="正文"):
        document.save(update_fields=["body"])


def test_an_instance_made_by_hand_cannot_overwrite_it_either(docs):
    signed = docs.signed()
    forged = Document(**{f.attname: getattr(signed, f.attname) for f in Document._meta.concrete_fields})
    forged.body = "伪造"
    with pytest.raises(FrozenDocumentError):
        forged.save()


def test_a_bulk_update_cannot_change_it(docs):
    signed = docs.signed()
    with pytest.raises(FrozenDocumentError):
        Document.objects.filter(pk=signed.pk).update(body="改")
    with pytest.raises(FrozenDocumentError):
        Document.objects.filter(pk=signed.pk).update(doc_number="改〔2026〕9号")
    # The workflow fields are not frozen.
    assert Document.objects.filter(pk=signed.pk).update(state=DocumentState.SIGNED) == 1
    draft = docs.draft()
    assert Document.objects.filter(pk=draft.pk).update(title="草稿可以改") == 1


def test_the_addressees_and_the_document_itself_stay(docs):
    signed = docs.signed()
    with pytest.raises(FrozenDocumentError):
        Addressee.objects.create(document=signed, unit=docs.units("gonghui")[0], role="copy")
    with pytest.raises(FrozenDocumentError):
        signed.addressees.first().delete()
    with pytest.raises(FrozenDocumentError):
        signed.delete()


def test_the_service_refuses_with_the_way_forward(docs, users):
    signed = docs.signed()
    with pytest.raises(ValidationError, match="更正版本"):
        services.document_update(by=users["office_staff"], document=signed, title="改")


def test_a_changed_text_is_not_printed(docs):
    """Even a change behind the application's back (raw SQL) is caught: the renderer checks the signed digest."""
    signed = docs.signed()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE documents_document SET body = %s WHERE id = %s", ["被篡改的正文", signed.pk])
    with pytest.raises(Exception, match="摘要不一致"):
        render_job_run(job_id=signed.render_job.pk)
    signed.render_job.refresh_from_db()
    assert signed.render_job.status == RenderStatus.FAILED
    assert "摘要不一致" in signed.render_job.error


def test_a_correction_is_a_new_version_signed_again_and_both_stay(docs, users):
    original = docs.distributed(classification="important", kind="decision")
    staff = users["office_staff"]
    with pytest.raises(ValidationError, match="只有已签发"):
        services.document_correct(by=staff, document=docs.draft())

    correction = services.document_correct(by=staff, document=original)
    assert correction.version == 2 and correction.corrects == original
    assert correction.state == DocumentState.DRAFT and correction.doc_number == ""
    assert correction.body == original.body
    assert set(correction.addressees.values_list("unit_id", "role")) == set(
        original.addressees.values_list("unit_id", "role")
    )
    with pytest.raises(ValidationError, match="已有更正版本"):
        services.document_correct(by=staff, document=original)

    services.document_update(by=staff, document=correction, body="更正后的正文。")
    services.document_submit(by=staff, document=correction)
    services.document_review(by=users["office_director"], document=correction, forward=True)
    correction = services.document_sign(by=users["director"], document=correction, opinion="同意")

    original.refresh_from_db()
    assert original.state == DocumentState.DISTRIBUTED and original.body != correction.body
    assert original.doc_serial == 1 and correction.doc_serial == 2
    assert original.correction == correction and correction.corrects == original
    # Each page links to the other.
    client = docs_client(users)
    assert correction.get_absolute_url() in client.get(original.get_absolute_url()).content.decode()
    assert original.get_absolute_url() in client.get(correction.get_absolute_url()).content.decode()


def docs_client(users):
    from django.test import Client

    client = Client()
    client.force_login(users["office_staff"])
    return client
