"""The capacity text columns of documents carried over to delegation keys, and back (django-test-migrations)."""

from __future__ import annotations

from django.utils import timezone

from core.tests.old_state import committee_with_a_deputy

BEFORE = ("documents", "0001_initial")
AFTER = ("documents", "0004_drop_capacity_text")


def test_capacity_text_becomes_delegation_keys_and_comes_back_in_chinese(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    people = committee_with_a_deputy(old.apps, number=7)
    document_model = old.apps.get_model("documents", "Document")
    now = timezone.now()
    signed = document_model.objects.create(
        committee=people.committee,
        kind="notice",
        classification="important",
        title="关于迁移的通知",
        body="正文",
        state="signed",
        drafted_by=people.deputy,
        drafted_capacity="以副主任身份",
        reviewed_by=people.director,
        reviewed_capacity="以主任身份",
        reviewed_at=now,
        # Signed with the English screen before this change: the words were stored in English.
        signed_by=people.deputy,
        signed_capacity="As Deputy Director (Delegation No. 7)",
        signer_name="副主任乙",
        sign_opinion="同意",
        signed_at=now,
        doc_year=now.year,
        doc_serial=1,
        doc_number=f"迁矫委〔{now.year}〕1号",
        content_sha256="0" * 64,
    )
    values = {field.attname: getattr(signed, field.attname) for field in document_model._meta.concrete_fields}
    old.apps.get_model("documents", "HistoricalDocument").objects.create(**values, history_date=now, history_type="~")
    old.apps.get_model("documents", "DocumentReview").objects.create(
        document=signed,
        stage="sign",
        outcome="forward",
        by=people.deputy,
        by_name="副主任乙",
        capacity="以副主任身份（第7号委托）",
    )

    new = migrator.apply_tested_migration(AFTER)
    document = new.apps.get_model("documents", "Document").objects.get(pk=signed.pk)
    assert document.signed_under_id == people.delegation.pk
    assert document.drafted_under_id is None and document.reviewed_under_id is None
    assert document.signed_by_id == people.deputy.pk and document.signed_at == now
    assert new.apps.get_model("documents", "DocumentReview").objects.get().under_id == people.delegation.pk
    history = new.apps.get_model("documents", "HistoricalDocument").objects.get(id=signed.pk)
    assert history.signed_under_id == people.delegation.pk
    assert "signed_capacity" not in {field.name for field in document._meta.get_fields()}

    back = migrator.apply_tested_migration(BEFORE)
    document = back.apps.get_model("documents", "Document").objects.get(pk=signed.pk)
    assert document.signed_capacity == "以副主任身份（第7号委托）"
    assert document.reviewed_capacity == "以主任身份"
    assert document.drafted_capacity == "以副主任身份"
    assert back.apps.get_model("documents", "DocumentReview").objects.get().capacity == "以副主任身份（第7号委托）"
