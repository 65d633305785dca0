"""What an office expects of the printed document beyond the grid (issue 10), read back from the PDF.

The signature never split or alone (every fill level of the last page), titles broken between words, headings
only where they are headings, long strings wrapped, the seal image only on signed documents, 份号/密级/紧急程度,
纪要 in their own series, the letter layout, the PDF's properties, and the pages around it: the draft preview,
the verification page, Word export and import, and attachments.
"""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.pdf import html_to_pdf
from documents import rendering, services
from documents.models import IssuerSeal, validate_seal_png
from documents.rendering import document_pdf, paragraphs, title_lines
from documents.titles import width_em

from .conftest import seal_png
from .test_pdf import BLOCK_LEFT, BLOCK_RIGHT, BLOCK_TOP, FANG, HEI, PITCH_MM, TOLERANCE, is_red, lines_of, mm

DATE = re.compile(r"\d{4}年[1-9]\d?月[1-9]\d?日")


def read(pdf: bytes):
    return pdfplumber.open(io.BytesIO(pdf))


# --- the signature: every fill level of the last page ----------------------------------------------------


def test_the_signature_is_never_split_nor_alone_at_any_fill_of_the_last_page(docs, issuer_seals):
    """One-line paragraphs added one at a time move the end of the text through every line of a page (0..22):
    at each, the organ, the date and the seal share a page with text above them, the seal's top within a line
    of that text, and no page holds more than 22 lines."""
    line = "各成员单位要按照职责落实监督管理措施。"  # one line: 2 characters of indent + 19
    levels = set()
    for count in range(9, 9 + 23):
        document = docs.signed(
            classification="important",
            title="关于落实社区矫正监督管理措施的通知",
            body="\n".join([line] * count),
            attachments="工作台账样表",
        )
        with read(document_pdf(document).pdf) as pdf:
            pages = [lines_of(page) for page in pdf.pages]
            dated = [index for index, page in enumerate(pages) if any(DATE.fullmatch(x.text) for x in page)]
            assert len(dated) == 1, count
            page, lines = pdf.pages[dated[0]], pages[dated[0]]
            date = next(x for x in lines if DATE.fullmatch(x.text))
            organ = next(x for x in lines if x.text in {document.committee.name, document.committee.short_name})
            assert organ.em_bottom <= date.em_top + 0.5
            above = [x for x in lines if x.size == 16 and x.em_bottom < organ.em_top]
            assert [x for x in above if not x.text.startswith("附件")], f"{count}: the signature without text"
            (seal,) = page.images
            # Within a line of the text or the attachments note above it (7.3.5.1).
            assert mm(seal["top"]) - above[-1].em_bottom <= PITCH_MM + 0.1
            assert not any(p.images for i, p in enumerate(pdf.pages) if i != dated[0])
            for body in pages:
                assert len([x for x in body if x.size == 16]) <= 22
            levels.add(len([x for x in lines if x.size == 16]))
    assert len(levels) >= 8  # the signature page was seen from nearly empty to full


# --- titles ---------------------------------------------------------------------------------------------

# Words no title may be broken inside (the 委｜员会, 社区｜矫正 and their kin).
WORDS = (
    "社区矫正",
    "委员会",
    "成员单位",
    "矫正对象",
    "司法所",
    "密云镇",
    "密云区",
    "工作规则",
    "书面报告",
    "办公室",
    "全体会议",
    "教育帮扶",
    "监督管理",
    "督导检查",
    "人民政府",
    "派出所",
    "卫生院",
    "实施意见",
    "工作方案",
)

LONG_TITLES = (
    "关于做好2026年度社区矫正工作成员单位履职情况书面报告的通知",
    "关于印发《密云镇社区矫正委员会成员单位年度履职报告》工作方案的通知",
    "北京市密云区密云镇社区矫正委员会关于进一步加强社区矫正对象教育帮扶和监督管理工作的实施意见",
    "关于开展2026年度社区矫正委员会成员单位履职情况督导检查的通知",
    "关于提请增设镇退役军人服务站为密云镇社区矫正委员会成员单位的请示",
    "关于调整密云镇社区矫正委员会组成人员及办公室工作人员的决定",
    "关于商请西滨河派出所协助开展社区矫正对象信息核查工作的函",
    "关于2026年上半年社区矫正工作情况及下半年工作安排的通报",
    "关于进一步做好节假日期间社区矫正对象监督管理和安全稳定工作的通知",
    "关于建立社区矫正委员会成员单位联络员工作机制的意见",
    "关于申请拨付2027年度社区矫正工作经费和社区矫正对象帮扶资金的请示",
    "关于召开密云镇社区矫正委员会2026年第一次全体会议的通知",
    "关于加强社区矫正对象就业帮扶和社会保障衔接工作的实施意见",
    "关于做好社区矫正对象心理健康评估和心理矫治工作的通知",
    "关于落实《中华人民共和国社区矫正法》进一步规范社区矫正工作的意见",
    "关于镇卫生院协助开展社区矫正对象健康体检工作的函",
    "关于印发密云镇社区矫正委员会工作规则修订稿征求意见稿的通知",
    "关于报送2026年度社区矫正委员会成员单位年度书面报告和课题调研成果的通知",
    "关于表彰2026年度社区矫正工作先进集体和先进个人的决定",
    "关于开展社区矫正对象公益活动和教育学习情况专项检查的通知",
)


def _demo_titles() -> list[str]:
    from pathlib import Path

    source = (Path(rendering.__file__).parent / "demo.py").read_text(encoding="utf-8")
    return re.findall(r'title="([^"]+)"', source)


@pytest.mark.parametrize("title", [*_demo_titles(), *LONG_TITLES])
def test_no_title_is_broken_inside_a_word_and_its_lines_make_a_trapezoid_or_diamond(title):
    lines = title_lines(title)
    assert "".join(lines) == title
    widths = [width_em(line) for line in lines]
    assert all(width <= rendering.TITLE_CHARS_PER_LINE for width in widths)
    peak = widths.index(max(widths))
    assert widths[: peak + 1] == sorted(widths[: peak + 1]), lines  # growing down to the longest line
    assert widths[peak:] == sorted(widths[peak:], reverse=True), lines  # then shrinking (a diamond)
    at = 0
    for line in lines[:-1]:
        at += len(line)
        for word in WORDS:
            for found in re.finditer(word, title):
                assert not found.start() < at < found.end(), f"{word} broken in {lines}"
        assert not (title[at - 1].isdigit() and title[at].isdigit()), lines


def test_the_drafters_own_line_breaks_are_kept():
    assert title_lines("关于社区矫正工作\n的通知") == ["关于社区矫正工作", "的通知"]


def test_the_printed_title_has_the_computed_lines(docs):
    title = LONG_TITLES[2]
    document = docs.draft(title=title)
    with read(document_pdf(document, draft=True).pdf) as pdf:
        printed = [line.text for line in lines_of(pdf.pages[0]) if line.size == 22]
    assert printed == title_lines(title)


# --- headings and long strings ----------------------------------------------------------------------------


def test_only_headings_are_set_in_the_heading_faces():
    parsed = paragraphs(
        "一、总体要求\n"
        "二、各成员单位要按照职责做好社区矫正对象教育帮扶工作，落实监督管理措施。\n"
        "三、工作步骤。分三个阶段进行。\n"
        "（一）【加强组织领导】各单位主要负责同志亲自部署。\n"
        "（二）各单位要确定一名联络员，负责日常联系、信息报送和材料收集工作。"
    )
    assert [(p.level, p.head) for p in parsed] == [
        (1, "一、总体要求"),
        (0, ""),
        (1, "三、工作步骤。"),
        (2, "（一）加强组织领导"),
        (0, ""),
    ]
    assert parsed[1].rest.startswith("二、各成员单位")


def test_a_numbered_sentence_prints_in_fangsong_and_long_strings_wrap(docs):
    url = "https://jz.miyun.example.gov.cn/documents/verify/" + "a1b2c3d4" * 8
    body = (
        "一、各成员单位要按照职责做好社区矫正对象教育帮扶工作，落实监督管理措施。\n"
        "二、工作要求\n"
        f"材料请报送至{url}，联系电话01069041234567890123456789，账号6222020200112233445566778899。"
    )
    document = docs.draft(body=body)
    with read(document_pdf(document, draft=True).pdf) as pdf:
        lines = [line for page in pdf.pages for line in lines_of(page) if line.size == 16]
        sentence = next(line for line in lines if line.text.startswith("一、各成员单位"))
        assert {font.partition("+")[2] for font in sentence.fonts} == {FANG}
        heading = next(line for line in lines if line.text == "二、工作要求")
        assert {font.partition("+")[2] for font in heading.fonts} == {HEI}
        for line in lines:
            assert line.x1 <= BLOCK_RIGHT + TOLERANCE, line.text
        assert "a1b2c3d4" * 8 in "".join(line.text for line in lines)


# --- the seal -------------------------------------------------------------------------------------------


def test_the_seal_image_only_on_signed_documents(docs, issuer_seals):
    draft = docs.awaiting(classification="important")
    with read(document_pdf(draft, draft=True).pdf) as pdf:
        assert not any(page.images for page in pdf.pages)
        assert "草稿" in "".join(c["text"] for c in pdf.pages[0].chars)
    signed = services.document_sign(by=docs.users["director"], document=draft, opinion="同意")
    with read(document_pdf(signed).pdf) as pdf:
        assert sum(len(page.images) for page in pdf.pages) == 1
        assert "草稿" not in "".join(c["text"] for page in pdf.pages for c in page.chars)
    unsealed = docs.signed(classification="important", with_seal=False)
    with read(document_pdf(unsealed).pdf) as pdf:
        assert not any(page.images for page in pdf.pages)


def test_without_a_seal_image_nothing_is_drawn(docs):
    document = docs.signed(classification="important")
    with read(document_pdf(document).pdf) as pdf:
        page = pdf.pages[-1]
        assert not page.images
        red = [c for c in page.chars if is_red(c["non_stroking_color"])]
        assert all(c["size"] > 22 for c in red)  # only the mark is red


def test_a_seal_must_be_a_transparent_png():
    from PIL import Image

    validate_seal_png(SimpleUploadedFile("seal.png", seal_png()))
    opaque = io.BytesIO()
    Image.new("RGB", (400, 400), "white").save(opaque, format="PNG")
    jpeg = io.BytesIO()
    Image.new("RGB", (400, 400), "red").save(jpeg, format="JPEG")
    for content in (opaque.getvalue(), jpeg.getvalue(), b"not an image"):
        with pytest.raises(Exception, match=r"PNG|透明"):
            validate_seal_png(SimpleUploadedFile("seal.png", content))


def test_a_seal_retired_before_the_signature_is_not_used(docs, issuer_seals):
    from django.utils import timezone

    IssuerSeal.objects.filter(pk=issuer_seals["committee"].pk).update(retired_at=timezone.now())
    document = docs.signed(classification="important")
    assert rendering.seal_for(document) is None


# --- 份号, 密级, 紧急程度; 纪要; 函; properties -------------------------------------------------------------


def test_copy_number_secrecy_and_urgency_top_left_in_that_order(docs):
    document = docs.signed(copy_number=7, secrecy="秘密", secrecy_term="1年", urgency="特急")
    with read(document_pdf(document).pdf) as pdf:
        lines = lines_of(pdf.pages[0])
        first, second, third = lines[:3]
        assert [first.text, second.text, third.text] == ["000007", "秘密★1年", "特急"]
        half_leading = mm(rendering.LINE_PITCH_PT - 16) / 2
        assert first.em_top == pytest.approx(BLOCK_TOP + half_leading, abs=TOLERANCE)
        for index, line in enumerate((first, second, third)):
            assert line.x0 == pytest.approx(BLOCK_LEFT, abs=TOLERANCE)
            assert line.em_top == pytest.approx(first.em_top + index * PITCH_MM, abs=0.1)
        assert {font.partition("+")[2] for font in second.fonts} == {HEI}
        mark = next(line for line in lines_of(pdf.pages[0], red=True) if line.size > 22)
        assert mark.em_top == pytest.approx(72, abs=TOLERANCE)  # the mark stays where it was


def test_minutes_count_in_their_own_series_and_print_the_meeting_date(docs):
    import datetime

    notice = docs.signed(classification="general")
    first = docs.signed(classification="general", kind="minutes", main=(), meeting_date=datetime.date(2026, 3, 5))
    second = docs.signed(classification="general", kind="minutes", main=())
    assert notice.doc_number.endswith(f"〔{notice.doc_year}〕1号")
    assert first.doc_number.endswith(f"〔{first.doc_year}〕1期")
    assert second.doc_number.endswith(f"〔{second.doc_year}〕2期")
    with read(document_pdf(first).pdf) as pdf:
        texts = [line.text for line in lines_of(pdf.pages[0])]
        assert "第1期" in texts
        assert any(text.endswith("2026年3月5日") for text in texts)


def test_a_letter_has_no_printing_line_and_its_number_under_the_double_line(docs):
    document = docs.signed(kind="letter", main=("weishengyuan",), copy_extra="密云区司法局")
    with read(document_pdf(document).pdf) as pdf:
        texts = [line.text for page in pdf.pages for line in lines_of(page)]
        assert not any(text.endswith("印发") for text in texts)
        page = pdf.pages[0]
        number = next(line for line in lines_of(page) if line.text == document.doc_number)
        rules = sorted((r for r in page.rects if is_red(r["non_stroking_color"])), key=lambda r: r["top"])
        assert number.x1 == pytest.approx(BLOCK_RIGHT, abs=TOLERANCE)
        assert number.em_top - mm(rules[1]["bottom"]) == pytest.approx(mm(14), abs=TOLERANCE)  # 7/8 of 三号


def test_the_pdf_properties_name_title_issuer_number_and_keywords(docs):
    from pypdf import PdfReader

    document = docs.signed(classification="important")
    info = PdfReader(io.BytesIO(document_pdf(document).pdf)).metadata
    assert info["/Title"] == document.title
    assert info["/Author"] == document.committee.name
    assert document.doc_number in info["/Subject"]
    assert document.doc_number in info["/Keywords"] and "通知" in info["/Keywords"]


# --- pages around the PDF ---------------------------------------------------------------------------------


def test_the_draft_preview_is_for_those_who_see_the_document(docs, client, login):
    document = docs.in_review()
    url = reverse("documents:preview", kwargs={"pk": document.pk})
    login("liaison-fulian")
    assert client.get(url).status_code == 404
    login("office_director")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with read(response.content) as pdf:
        assert "草稿" in "".join(c["text"] for c in pdf.pages[0].chars)


def test_the_verification_page(docs, client, login, settings):
    document = docs.signed(render=True)
    job = document.render_job
    code = rendering.verify_code(document)
    url = reverse("documents:verify", kwargs={"code": code})
    assert client.get(url).status_code == 302  # login-only by default
    settings.DOCUMENT_VERIFY_PUBLIC = True
    page = client.get(url)
    assert page.status_code == 200
    for fact in (document.doc_number, document.signer_name, job.sha256, document.committee.office_name):
        assert fact in page.content.decode()
    with job.pdf.open("rb") as handle:
        issued = handle.read()
    same = client.post(url, {"file": SimpleUploadedFile("a.pdf", issued)})
    assert "一致：" in same.content.decode()
    other = client.post(url, {"file": SimpleUploadedFile("a.pdf", issued + b"\n")})
    assert "不一致" in other.content.decode()
    assert client.get(reverse("documents:verify", kwargs={"code": f"{document.pk}-000000000000"})).status_code == 404
    with read(issued) as pdf:
        assert code in "".join(c["text"] for c in pdf.pages[-1].chars)  # printed beside the QR code


def test_word_export_and_import(docs, client, login):
    from docx import Document as Docx

    document = docs.signed(classification="important", attachments="报告提纲")
    login("office_staff")
    response = client.get(reverse("documents:docx", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    exported = Docx(io.BytesIO(response.content))
    texts = [p.text for p in exported.paragraphs]
    assert document.doc_number in "".join(texts) and "附件：报告提纲" in texts
    assert exported.core_properties.title == document.title
    upload = SimpleUploadedFile("draft.docx", response.content)
    page = client.post(
        reverse("documents:import_word", kwargs={"committee_code": docs.committee.code}), {"file": upload}
    )
    assert page.status_code == 200
    assert page.context["form"].initial["title"] == exported.paragraphs[0].text or page.context["form"].initial["title"]
    assert "各成员单位要按照职责" in page.context["form"].initial["body"]


def test_attachments_follow_the_document(docs, client, login):
    document = docs.draft()
    from documents.annexes import annex_add

    annex_add(by=docs.users["office_staff"], document=document, title="工作台账样表", text="一、台账内容\n按月填写。")
    appended = html_to_pdf("<p style='font-family: FandolFang'>外部文件第一页</p><p style='break-before: page'>二</p>")
    annex_add(
        by=docs.users["office_staff"],
        document=document,
        title="外部文件",
        upload=SimpleUploadedFile("external.pdf", appended, content_type="application/pdf"),
    )
    login("office_staff")
    assert client.get(reverse("documents:annexes", kwargs={"pk": document.pk})).status_code == 200
    rendered = document_pdf(document, draft=True)
    with read(rendered.pdf) as pdf:
        assert rendered.pages == len(pdf.pages)
        texts = [[line.text for line in lines_of(page)] for page in pdf.pages]
        body_page = next(i for i, page in enumerate(texts) if "附件：1.工作台账样表" in page)
        annex_page = texts[body_page + 1]
        assert annex_page[0] == "附件1" and "工作台账样表" in annex_page
        assert "附件2" in texts[-2] and "外部文件第一页" in texts[-2]
        assert texts[-1] == ["二"]


def test_the_draft_form_takes_the_header_fields(docs, client, login):
    from documents.models import Document

    login("office_staff")
    response = client.post(
        reverse("documents:new", kwargs={"committee_code": docs.committee.code}),
        {
            "kind": "notice",
            "classification": "general",
            "title": "关于核对社区矫正对象信息的通知",
            "body": "请各单位核对。",
            "main_units": [docs.units("fulian")[0].pk],
            "copy_number": "12",
            "secrecy": "机密",
            "secrecy_term": "6个月",
            "urgency": "加急",
            "with_seal": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title="关于核对社区矫正对象信息的通知")
    assert (document.copy_number, document.secrecy, document.secrecy_term, document.urgency) == (
        12,
        "机密",
        "6个月",
        "加急",
    )
    edit = client.get(reverse("documents:edit", kwargs={"pk": document.pk}))
    assert edit.context["form"].initial["secrecy"] == "机密"


# --- every kind, in its faces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["notice", "decision", "minutes", "bulletin", "report", "request", "letter", "opinion"]
)
def test_every_kind_prints_in_the_stand_in_faces(docs, kind):
    """仿宋 body, 黑体 and 楷体 headings, 小标宋 title; rare characters Fandol lacks come from Noto, never a box;
    the 签发人 of an upward document in 楷体."""
    rare = "𠮷䶮堃犇淼喆昇"
    extra = {"main": ()} if kind == "minutes" else {}
    if kind in {"report", "request"}:
        extra = {"main": (), "main_extra": "密云镇人民政府", "classification": "important"}
    if kind == "decision":
        extra = {"classification": "important"}  # a 决定 is an important matter (Art 24)
    document = docs.signed(
        kind=kind,
        body=f"一、工作要求\n（一）加强领导\n请{rare}等同志按时参加。",
        **extra,
    )
    with read(document_pdf(document).pdf) as pdf:
        lines = [line for page in pdf.pages for line in lines_of(page)]
        chars = [c for page in pdf.pages for c in page.chars]
    faces = {c["text"]: c["fontname"].partition("+")[2] for c in chars}
    title = [line for line in lines if line.size == 22]
    assert title and all({f.partition("+")[2] for f in line.fonts} == {"FandolSong-Bold"} for line in title)
    assert faces["工"].startswith("Fandol")
    assert all(f.endswith(HEI) for f in next(line for line in lines if line.text == "一、工作要求").fonts)
    assert all(f.endswith("FandolKai") for f in next(line for line in lines if line.text == "（一）加强领导").fonts)
    sentence = next(line for line in lines if line.text.startswith("请"))
    assert rare in sentence.text  # every rare character came out as itself
    assert faces["请"] == FANG and faces["按"] == FANG
    assert any(faces[char].startswith("Noto") for char in rare)  # the fallback for what Fandol lacks
    if document.is_upward:
        number = next(line for line in lines if "签发人" in line.text)
        assert {c["fontname"].partition("+")[2] for c in number.chars[-len(document.signer_name) :]} == {"FandolKai"}
