"""Document numbers: 代字〔YYYY〕N号 per issuer and year, unique and without gaps, even when signed at once."""

from __future__ import annotations

import datetime
import re
import threading
import zoneinfo

import pytest
from django.db import connection
from django.utils import timezone

from documents import services
from documents.models import Document

YEAR = timezone.localdate().year
NUMBER = re.compile(r"^(?P<prefix>.+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$")


def test_numbers_run_per_issuer_and_year(docs):
    important = [docs.signed(classification="important") for _ in range(3)]
    general = [docs.signed(classification="general") for _ in range(2)]
    assert [d.doc_number for d in important] == [f"密镇矫委〔{YEAR}〕{n}号" for n in (1, 2, 3)]
    assert [d.doc_number for d in general] == [f"密镇矫委办〔{YEAR}〕{n}号" for n in (1, 2)]
    for document in important + general:
        match = NUMBER.match(document.doc_number)
        assert match, document.doc_number
        assert int(match["year"]) == document.doc_year == YEAR
        assert int(match["serial"]) == document.doc_serial
        assert "第" not in document.doc_number and "〔0" not in document.doc_number


def test_format_is_exactly_as_gbt9704_says():
    assert services.format_number("密镇矫委", 2026, 5) == "密镇矫委〔2026〕5号"
    assert "\u3014" in services.format_number("X", 2026, 1) and "\u3015" in services.format_number("X", 2026, 1)


def test_the_year_is_the_local_year_of_signing(docs, monkeypatch):
    """Signed at 23:55 on 31 December in Beijing: still that year; five minutes past midnight: the next, from 1."""
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    real_now = timezone.now
    late = datetime.datetime(YEAR, 12, 31, 23, 55, tzinfo=shanghai)
    early = late + datetime.timedelta(minutes=10)
    first = docs.awaiting(classification="general")
    second = docs.awaiting(classification="general")
    monkeypatch.setattr(timezone, "now", lambda: late.astimezone(datetime.UTC))
    first = services.document_sign(by=docs.users["office_director"], document=first, opinion="同意")
    monkeypatch.setattr(timezone, "now", lambda: early.astimezone(datetime.UTC))
    second = services.document_sign(by=docs.users["office_director"], document=second, opinion="同意")
    monkeypatch.setattr(timezone, "now", real_now)
    assert first.doc_number == f"密镇矫委办〔{YEAR}〕1号"
    assert second.doc_number == f"密镇矫委办〔{YEAR + 1}〕1号"


def test_a_refused_or_failed_signature_leaves_no_gap(docs, users):
    from committee.authority import NotAllowed

    first = docs.awaiting(classification="important")
    with pytest.raises(NotAllowed):
        services.document_sign(by=users["office_staff"], document=first, opinion="同意")
    with pytest.raises(Exception, match="签发意见"):
        services.document_sign(by=users["director"], document=first, opinion="")
    signed = services.document_sign(by=users["director"], document=first, opinion="同意")
    assert signed.doc_serial == 1


def _together(functions):
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as exc:  # noqa: BLE001 - the outcome is what is judged
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.mark.parametrize("attempt", range(3))
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL")
def test_many_signed_at_the_same_instant_get_distinct_numbers_without_gaps(docs, users, delegate, attempt):
    """Twelve documents signed by the director, a delegated deputy and the office director at one instant."""
    delegate("deputy1", ["sign"])
    important = [docs.awaiting(classification="important") for _ in range(8)]
    general = [docs.awaiting(classification="general") for _ in range(4)]
    calls = [
        (
            lambda d=d, who=("director" if i % 2 else "deputy1"): services.document_sign(
                by=users[who], document=d, opinion="同意"
            )
        )
        for i, d in enumerate(important)
    ] + [(lambda d=d: services.document_sign(by=users["office_director"], document=d, opinion="发")) for d in general]

    results = _together(calls)

    failures = [r for r in results if isinstance(r, Exception)]
    assert not failures, failures
    signed = Document.objects.filter(pk__in=[d.pk for d in important + general])
    serials = {
        "important": sorted(signed.filter(classification="important").values_list("doc_serial", flat=True)),
        "general": sorted(signed.filter(classification="general").values_list("doc_serial", flat=True)),
    }
    assert serials == {"important": list(range(1, 9)), "general": list(range(1, 5))}
    numbers = list(signed.values_list("doc_number", flat=True))
    assert len(set(numbers)) == 12


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL")
def test_two_signers_on_one_document_at_once_sign_it_once(docs, users, delegate):
    delegate("deputy1", ["sign"])
    document = docs.awaiting(classification="important")

    results = _together(
        [
            lambda: services.document_sign(by=users["director"], document=document, opinion="同意"),
            lambda: services.document_sign(by=users["deputy1"], document=document, opinion="发"),
        ]
    )

    winners = [r for r in results if isinstance(r, Document)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1
    assert "已于" in str(losers[0])
    document.refresh_from_db()
    assert document.doc_serial == 1
    assert document.signer_name == winners[0].signer_name
