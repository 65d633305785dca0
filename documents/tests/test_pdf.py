"""The PDF read back (pdfplumber) against GB/T 9704-2012 in numbers (../shared/gbt9704.md), within ±1 mm.

Positions of characters are taken from their baseline (the text matrix) and the ideographic em box of the
font (0.88 em above the baseline, 0.12 em below), which is where a CJK character's square sits; pdfplumber's
own top/bottom come from the font's descent and would put it a few tenths of an em lower.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass

import pdfplumber
import pytest
from django.utils import timezone
from pdfminer.pdftypes import resolve1

from documents.rendering import CHAR_PITCH_PT, LINE_PITCH_PT, MM, document_pdf

TOLERANCE = 1.0  # mm
BLOCK_LEFT, BLOCK_RIGHT, BLOCK_TOP, BLOCK_BOTTOM = 28.0, 184.0, 37.0, 262.0
PITCH_MM = LINE_PITCH_PT / MM
CHAR_MM = CHAR_PITCH_PT / MM
# The Fandol faces (仿宋, 楷体, 黑体, 宋体 and its bold as 小标宋), and Noto CJK for a glyph Fandol lacks.
ALLOWED_FONTS = {
    "FandolFang",
    "FandolKai",
    "FandolHei",
    "FandolSong",
    "FandolSong-Bold",
    "Noto-Serif-CJK-SC",
    "Noto-Serif-CJK-SC-Bold",
    "Noto-Sans-CJK-SC",
}
FANG, KAI, HEI, SONG, XBS = "FandolFang", "FandolKai", "FandolHei", "FandolSong", "FandolSong-Bold"
YEAR = timezone.localdate().year

BODY = "\n".join(
    [
        "为贯彻落实《中华人民共和国社区矫正法》和《密云镇社区矫正委员会工作规则》，进一步做好2026年社区矫正工作，"
        "现将有关事项通知如下。",
        "一、总体要求。坚持监督管理与教育帮扶相结合，专门机关与社会力量相结合，采取分类管理、个别化矫正。",
        "（一）加强组织领导。各成员单位要按照工作规则第七条至第二十条的规定，认真履行职责。",
    ]
    + [
        "各成员单位要于每年12月15日前向委员会报送本单位年度书面报告，内容包括履行职责情况、落实委员会决定情况、"
        "重点工作情况和存在的问题及建议。"
    ]
    * 9
)


def mm(points: float) -> float:
    return points / MM


@dataclass
class Line:
    """One line of text on a page: characters sharing a baseline and a size."""

    chars: list
    page_height: float

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def size(self) -> float:
        return round(self.chars[0]["size"], 1)

    @property
    def baseline(self) -> float:
        return mm(self.page_height - self.chars[0]["matrix"][5])

    @property
    def em_top(self) -> float:
        return self.baseline - mm(0.88 * self.size)

    @property
    def em_bottom(self) -> float:
        return self.baseline + mm(0.12 * self.size)

    @property
    def x0(self) -> float:
        return mm(self.chars[0]["x0"])

    @property
    def x1(self) -> float:
        return mm(self.chars[-1]["x1"])

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def colour(self):
        return self.chars[0]["non_stroking_color"]

    @property
    def fonts(self) -> set[str]:
        return {c["fontname"] for c in self.chars}


def is_red(colour) -> bool:
    if colour is None or len(colour) != 3:
        return False
    red, green, blue = colour
    return red > 0.8 and green < 0.35 and blue < 0.35


def lines_of(page, *, red: bool | None = False) -> list[Line]:
    """Upright lines of text, top to bottom; the seal's rotated red letters are left out unless asked for."""
    groups: dict[tuple, list] = {}
    for char in page.chars:
        _a, b, c, _d, *_ = char["matrix"]
        if abs(b) > 1e-6 or abs(c) > 1e-6:
            continue  # rotated: the seal's rim
        if red is not None and is_red(char["non_stroking_color"]) != red:
            continue
        key = (round(page.height - char["matrix"][5], 1), round(char["size"], 1))
        groups.setdefault(key, []).append(char)
    lines = [Line(sorted(chars, key=lambda c: c["x0"]), page.height) for _key, chars in sorted(groups.items())]
    return lines


def near(value: float, expected: float, tolerance: float = TOLERANCE) -> bool:
    return abs(value - expected) <= tolerance


@pytest.fixture
def notice(docs, issuer_seals):
    """An important notice over three pages: attachments, 抄送, a seal, a note."""
    document = docs.signed(
        classification="important",
        title="关于做好2026年度社区矫正工作成员单位履职情况书面报告的通知",
        body=BODY,
        main=("sifasuo", "fulian", "gonghui"),
        copy=("tuanwei",),
        copy_extra="密云区司法局",
        attachments="2026年度成员单位履职情况报告提纲\n报送时间安排表",
        note="联系人：赵雪，电话：010-69041234",
    )
    rendered = document_pdf(document)
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        yield document, pdf


def test_pages_are_a4(notice):
    _document, pdf = notice
    assert len(pdf.pages) >= 2
    for page in pdf.pages:
        assert near(mm(page.width), 210) and near(mm(page.height), 297)


def test_the_text_block_keeps_its_margins_and_grid(notice):
    """版心 156 x 225 mm at 28 mm from the left and 37 mm from the top; 22 lines of 28 characters."""
    _document, pdf = notice
    body_lines = [line for page in pdf.pages for line in lines_of(page) if line.size == 16]
    assert min(line.x0 for line in body_lines) == pytest.approx(BLOCK_LEFT, abs=TOLERANCE)
    assert max(line.x1 for line in body_lines) == pytest.approx(BLOCK_RIGHT, abs=TOLERANCE)
    full = [line for line in body_lines if line.x0 < BLOCK_LEFT + 0.5 and line.x1 > BLOCK_RIGHT - 0.5]
    assert full and all(len(line.chars) == 28 for line in full if re.fullmatch(r"[^\d]+", line.text))
    # Page 2 is all text: its first line opens the block, its 22nd closes it, one pitch apart.
    page = [line for line in lines_of(pdf.pages[1]) if line.size == 16]
    half_leading = mm(LINE_PITCH_PT - 16) / 2
    assert page[0].em_top == pytest.approx(BLOCK_TOP + half_leading, abs=TOLERANCE)
    assert len(page) == 22
    assert page[-1].em_bottom == pytest.approx(BLOCK_BOTTOM - half_leading, abs=TOLERANCE)
    pitches = [b.baseline - a.baseline for a, b in itertools.pairwise(page)]
    assert all(pitch == pytest.approx(PITCH_MM, abs=0.05) for pitch in pitches)
    # First lines of paragraphs are indented two characters.
    assert any(line.x0 == pytest.approx(BLOCK_LEFT + 2 * CHAR_MM, abs=0.3) for line in page)


def test_the_issuing_organ_mark(notice):
    """Red, 小标宋 (bold), centred, its top 35 mm into the block (72 mm from the page top), at most 36 pt."""
    document, pdf = notice
    marks = [line for line in lines_of(pdf.pages[0], red=True) if line.size > 22]
    assert len(marks) == 1
    mark = marks[0]
    assert mark.text == f"{document.committee.short_name}文件"
    assert is_red(mark.colour)
    assert mark.em_top == pytest.approx(72, abs=TOLERANCE)
    assert mark.centre == pytest.approx(BLOCK_LEFT + 78, abs=TOLERANCE)
    assert mark.size <= 36 and mark.x1 - mark.x0 <= 156
    assert {font.partition("+")[2] for font in mark.fonts} == {XBS}  # the 小标宋 stand-in


def test_the_number_and_the_red_line(notice):
    document, pdf = notice
    page = pdf.pages[0]
    mark = next(line for line in lines_of(page, red=True) if line.size > 22)
    number = next(line for line in lines_of(page) if "〔" in line.text)
    assert re.fullmatch(rf"密镇矫委〔{YEAR}〕[1-9]\d*号", number.text)
    assert number.text == document.doc_number
    assert number.size == 16 and number.centre == pytest.approx(BLOCK_LEFT + 78, abs=TOLERANCE)
    # Two blank lines under the mark (7.2.5).
    assert number.em_top - mark.em_bottom == pytest.approx(2 * PITCH_MM + mm(7.3), abs=TOLERANCE)
    rules = [r for r in page.rects if is_red(r["non_stroking_color"])]
    assert len(rules) == 1
    rule = rules[0]
    assert mm(rule["top"]) == pytest.approx(number.em_bottom + 4, abs=TOLERANCE)
    assert mm(rule["x0"]) == pytest.approx(BLOCK_LEFT, abs=TOLERANCE)
    assert mm(rule["width"]) == pytest.approx(156, abs=TOLERANCE)
    assert 0.3 <= rule["height"] <= 1.6  # 1-1.5 pt in practice


def test_title_recipients_and_body(notice):
    document, pdf = notice
    page = lines_of(pdf.pages[0])
    rule_bottom = mm(next(r for r in pdf.pages[0].rects if is_red(r["non_stroking_color"]))["bottom"])
    title = [line for line in page if line.size == 22]
    assert "".join(line.text for line in title) == document.title
    assert all({font.partition("+")[2] for font in line.fonts} == {XBS} for line in title)
    assert all(line.centre == pytest.approx(BLOCK_LEFT + 78, abs=TOLERANCE) for line in title)
    # A trapezoid: the lines grow downwards.
    assert len(title) == 2 and title[0].x1 - title[0].x0 < title[1].x1 - title[1].x0
    assert title[0].em_top >= rule_bottom + 2 * PITCH_MM
    recipients = next(line for line in page if line.text.endswith("："))
    assert recipients.text == "镇司法所、妇联、镇工会："
    assert recipients.x0 == pytest.approx(BLOCK_LEFT, abs=TOLERANCE)
    assert recipients.em_top - title[-1].em_bottom >= PITCH_MM - TOLERANCE
    body = [line for line in page if line.size == 16 and line.em_top > recipients.em_top]
    assert body
    heading = next(line for line in body if line.text.startswith("一、"))
    assert any(font.endswith(HEI) for font in heading.fonts)  # 黑体 for 一、
    assert any(font.endswith(KAI) for line in body if line.text.startswith("（一）") for font in line.fonts)
    assert all(font.endswith(FANG) for line in body[-2:] for font in line.fonts)  # the body in 仿宋
    # Text is black (5.2.4).
    assert all(tuple(c["non_stroking_color"]) == (0.0, 0.0, 0.0) for line in body for c in line.chars)


def test_signature_date_seal_and_note(notice):
    """With seal: the date 4 characters in from the right, the organ centred over it, the seal over both."""
    document, pdf = notice
    last_text_page = next(page for page in reversed(pdf.pages) if any(line.size == 16 for line in lines_of(page)))
    lines = lines_of(last_text_page)
    date = next(line for line in lines if re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", line.text))
    signed_on = timezone.localtime(document.signed_at).date()
    assert date.text == f"{signed_on.year}年{signed_on.month}月{signed_on.day}日"
    assert date.x1 == pytest.approx(BLOCK_RIGHT - 4 * CHAR_MM, abs=TOLERANCE)
    organ = next(line for line in lines if line.text in {document.committee.name, document.committee.short_name})
    assert organ.centre == pytest.approx(date.centre, abs=TOLERANCE)
    assert organ.em_bottom <= date.em_top + 0.5
    # The issuer's uploaded seal image, 42 mm, centred over the date, its top within a line of the text above.
    (seal,) = last_text_page.images
    assert mm(seal["x1"] - seal["x0"]) == pytest.approx(42, abs=TOLERANCE)
    assert (mm(seal["x0"]) + mm(seal["x1"])) / 2 == pytest.approx(date.centre, abs=TOLERANCE)
    above = [line for line in lines if line.size == 16 and line.em_bottom < organ.em_top]
    assert mm(seal["top"]) - above[-1].em_bottom <= PITCH_MM
    assert not [c for c in last_text_page.chars if is_red(c["non_stroking_color"])], "no drawn seal"
    note = next(line for line in lines if line.text.startswith("（联系人"))
    assert note.x0 == pytest.approx(BLOCK_LEFT + 2 * CHAR_MM, abs=TOLERANCE) and note.em_top > date.em_top
    attachments = next(line for page in pdf.pages for line in lines_of(page) if line.text.startswith("附件："))
    assert attachments.x0 == pytest.approx(BLOCK_LEFT + 2 * CHAR_MM, abs=TOLERANCE)
    assert attachments.text == "附件：1.2026年度成员单位履职情况报告提纲"


def test_the_colophon(notice):
    document, pdf = notice
    page = pdf.pages[-1]
    lines = [line for line in lines_of(page) if line.size == 14 and "—" not in line.text]
    copy, printer = lines[-2], lines[-1]
    assert copy.text == "抄送：团委，密云区司法局。"
    assert copy.x0 == pytest.approx(BLOCK_LEFT + mm(14), abs=TOLERANCE)
    assert printer.text.startswith(document.committee.office_name)
    signed_on = timezone.localtime(document.signed_at).date()
    assert printer.text.endswith(f"{signed_on.year}年{signed_on.month}月{signed_on.day}日印发")
    assert printer.x0 == pytest.approx(BLOCK_LEFT + mm(14), abs=TOLERANCE)
    assert printer.x1 == pytest.approx(BLOCK_RIGHT - mm(14), abs=TOLERANCE)
    # Its rules are as wide as the block; the last sits on the bottom edge of the block.
    black = [r for r in page.rects if r["non_stroking_color"] in ((0, 0, 0), (0.0, 0.0, 0.0))]
    assert black
    assert max(mm(r["bottom"]) for r in black) == pytest.approx(BLOCK_BOTTOM, abs=TOLERANCE)
    assert all(mm(r["width"]) == pytest.approx(156, abs=TOLERANCE) for r in black)
    assert min(mm(r["top"]) for r in black) < copy.em_top


def test_page_numbers_alternate_sides(notice):
    """— 1 — in 14 pt, its dashes 7 mm under the block; odd pages right, even pages left, one character in."""
    _document, pdf = notice
    for index, page in enumerate(pdf.pages, start=1):
        number = next(line for line in lines_of(page) if line.text == f"— {index} —")
        assert number.size == 14
        assert number.fonts and all(font.endswith(SONG) for font in number.fonts)  # 宋体
        # The dashes (FandolSong's lies 0.30 em above the baseline) 7 mm under the text block.
        assert number.baseline - mm(0.30 * 14) == pytest.approx(BLOCK_BOTTOM + 7, abs=TOLERANCE)
        if index % 2:
            assert number.x1 == pytest.approx(BLOCK_RIGHT - mm(14), abs=TOLERANCE)
        else:
            assert number.x0 == pytest.approx(BLOCK_LEFT + mm(14), abs=TOLERANCE)


def test_fonts_are_embedded_cjk_subsets_and_nothing_falls_back(notice):
    document, pdf = notice
    names = {c["fontname"] for page in pdf.pages for c in page.chars}
    for name in names:
        prefix, _plus, family = name.partition("+")
        assert re.fullmatch(r"[A-Z]{6}", prefix), name  # a subset
        assert family in ALLOWED_FONTS, name
    embedded = set()
    for page in pdf.pages:
        fonts = resolve1(page.page_obj.resources["Font"])
        for reference in fonts.values():
            font = resolve1(reference)
            descendants = resolve1(font.get("DescendantFonts"))
            descriptor_owner = resolve1(descendants[0]) if descendants else font
            descriptor = resolve1(descriptor_owner["FontDescriptor"])
            assert any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3")), font["BaseFont"]
            embedded.add(font["BaseFont"].name)
    assert {name.partition("+")[2] for name in embedded} >= {FANG, KAI, HEI, XBS, SONG}
    # Every character of the text came out as itself (no .notdef box, no other font).
    text = "".join(c["text"] for page in pdf.pages for c in page.chars)
    for char in set(document.title + document.body.replace("\n", "")):
        assert char in text, char


def test_minutes_have_their_own_header_and_attendance(docs):
    document = docs.signed(
        classification="important",
        kind="minutes",
        main=("fulian",),
        title="2026年第一次全体会议纪要",
        with_seal=False,
        attendance={"present": ["王建国", "李振华", "陈明"], "absent": ["孙海涛（公务外出）"], "attending": ["赵雪"]},
    )
    with pdfplumber.open(io.BytesIO(document_pdf(document).pdf)) as pdf:
        page = pdf.pages[0]
        mark = next(line for line in lines_of(page, red=True) if line.size > 22)
        assert mark.text == f"{document.committee.short_name}纪要"
        assert mark.em_top == pytest.approx(72, abs=TOLERANCE)
        lines = [line for p in pdf.pages for line in lines_of(p)]
        texts = [line.text for line in lines]
        assert "出席：王建国、李振华、陈明" in texts
        assert "请假：孙海涛（公务外出）" in texts and "列席：赵雪" in texts
        present = lines[texts.index("出席：王建国、李振华、陈明")]
        assert present.x0 == pytest.approx(BLOCK_LEFT + 2 * CHAR_MM, abs=TOLERANCE)
        assert any(font.endswith(HEI) for font in present.fonts)  # 出席 in 黑体
        assert not any(text.endswith("：") and "妇联" in text for text in texts)  # no 主送 line
        title = next(line for line in lines if line.size == 22)
        first = next(line for line in lines if line.size == 16 and line.em_top > title.em_top)
        assert first.em_top - title.em_bottom >= PITCH_MM  # one blank line under the title
        assert not [c for p in pdf.pages for c in p.chars if is_red(c["non_stroking_color"]) and c["size"] < 22]


def test_a_letter_has_the_letter_layout(docs):
    document = docs.signed(kind="letter", classification="general", main=("weishengyuan",))
    with pdfplumber.open(io.BytesIO(document_pdf(document).pdf)) as pdf:
        page = pdf.pages[0]
        mark = next(line for line in lines_of(page, red=True) if line.size > 16)
        assert mark.em_top == pytest.approx(30, abs=TOLERANCE)
        red_rules = [r for r in page.rects if is_red(r["non_stroking_color"])]
        assert red_rules and all(mm(r["width"]) == pytest.approx(170, abs=TOLERANCE) for r in red_rules)
        assert not any(line.text.startswith("— ") for line in lines_of(page))  # no number on page 1


def test_an_upward_document_names_its_signer_on_the_number_line(docs):
    document = docs.signed(kind="request", classification="important", main=(), main_extra="密云镇人民政府")
    with pdfplumber.open(io.BytesIO(document_pdf(document).pdf)) as pdf:
        number = next(line for line in lines_of(pdf.pages[0]) if "〔" in line.text)
        assert number.x0 == pytest.approx(BLOCK_LEFT + CHAR_MM, abs=TOLERANCE)
        assert number.text.endswith(f"签发人：{document.signer_name}")
        assert number.x1 == pytest.approx(BLOCK_RIGHT - CHAR_MM, abs=TOLERANCE)


def test_a_page_holding_only_the_colophon_has_no_number(docs):
    """A body that fills the last page of text pushes the colophon to a page of its own (7.5).

    The body is grown a few characters at a time until that happens, so the test does not hang on one layout.
    """
    from core.pdf import html_render
    from documents.rendering import STYLESHEET, document_html

    sentence = "各成员单位要按照职责做好社区矫正对象教育帮扶工作，落实监督管理措施。"
    for extra in range(60):
        body = "\n".join([sentence] * (8 + extra // 6) + ["补充" * (1 + (extra % 6) * 4)])
        document = docs.signed(classification="general", body=body, copy_extra="密云区司法局", with_seal=False)
        first_pass = html_render(document_html(document), stylesheets=[STYLESHEET])
        if "gw-end" not in first_pass.pages[-1].anchors:
            break
    else:
        pytest.fail("no body length put the colophon on a page of its own")
    rendered = document_pdf(document)
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        last = lines_of(pdf.pages[-1])
        # The colophon alone: its 14 pt lines, and the small print beside its QR code.
        assert last and all(line.size in {14, 10.5} for line in last), "the colophon stands alone"
        assert not any(line.text.startswith("— ") for line in last)
        for index, page in enumerate(pdf.pages[:-1], start=1):
            assert any(line.text == f"— {index} —" for line in lines_of(page))


def test_a_one_page_document_keeps_everything_on_page_one(docs):
    document = docs.signed(classification="general", body="请各单位于本月底前报送联络员名单。")
    rendered = document_pdf(document)
    assert rendered.pages == 1
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        texts = [line.text for line in lines_of(pdf.pages[0])]
        assert "— 1 —" in texts and any(text.startswith("抄送：") or "印发" in text for text in texts)
