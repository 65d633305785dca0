"""Official documents laid out after GB/T 9704-2012 (see ../shared/gbt9704.md for the numbers).

Fonts are the free Fandol faces (FandolFang, FandolKai, FandolHei, FandolSong) and Noto CJK installed by
the setup (scripts/ensure_system.sh); WeasyPrint embeds the subset of glyphs each PDF uses.

The HTML to PDF pipeline under it is core.pdf's, shared with every app that prints; the tracked render job is
core.rendering's, and documents/renderers.py declares the official document to it.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import math
import re
from base64 import b64encode
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from core.numerals import chinese_date  # 2026年3月5日: Arabic numerals, no leading zeros (7.3.5.4)
from core.pdf import html_render

from . import titles

# --- GB/T 9704-2012 in numbers (gbt9704.md) -------------------------------------------------------

MM = 72 / 25.4  # points per millimetre

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4 (5.1)
MARGIN_TOP_MM, MARGIN_LEFT_MM = 37, 28  # 天头, 订口 (5.2.1)
BLOCK_WIDTH_MM, BLOCK_HEIGHT_MM = 156, 225  # 版心
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - BLOCK_WIDTH_MM  # 26
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - BLOCK_HEIGHT_MM  # 35
BLOCK_WIDTH_PT = BLOCK_WIDTH_MM * MM

LINES_PER_PAGE, CHARS_PER_LINE = 22, 28  # body grid (5.2.3)
LINE_PITCH_PT = 28.95  # 22 lines of 28.95 pt fill the 225 mm block (637.8 pt) without a 23rd
BODY_PT = 16  # 三号 仿宋 (7.3.3)
# 28 characters of 16 pt are wider than 156 mm: tighten each by a fifth of a point (15.79 pt a character).
CHAR_PITCH_PT = math.floor(BLOCK_WIDTH_PT / CHARS_PER_LINE * 100) / 100
LETTER_SPACING_PT = round(CHAR_PITCH_PT - BODY_PT, 2)
TITLE_PT = 22  # 二号 小标宋 (7.3.1)
TITLE_CHARS_PER_LINE = int(BLOCK_WIDTH_PT // TITLE_PT)
MARK_MAX_PT = 36  # 小初, the most a mark uses in practice (7.2.4)
MARK_TOP_MM = 35  # the mark's top edge below the top of the text block (7.2.4); 72 mm from the page top
LETTER_MARK_TOP_MM = 30  # 信函: from the page top (10.1)
NUMBER_GAP_LINES = 2  # blank lines between the mark and the document number (7.2.5)
RULE_GAP_MM = 4  # red separator under the document number (7.2.7)
RULE_PT = 1.2
TITLE_GAP_LINES = 2  # blank lines between the red line and the title (7.3.1)
COLOPHON_PT = 14  # 四号 (7.4)
PAGE_NUMBER_PT = 14
PAGE_NUMBER_GAP_MM = 7  # from the bottom edge of the text block to the dashes of the page number (7.5)
SEAL_MM = 42
QR_MM = 16
RED = "#ff0000"  # CMYK 0/80/80/0 on paper; on screen #FF0000

# The typefaces (gbt9704.md, Fonts). Each stack names first the commercial faces an office may install
# (they win when present), then the free Fandol face from TeX Live, then Noto CJK for any glyph Fandol lacks.
# The stylesheet (gbt9704.css) spells the same stacks; a test keeps the two in step.
FANG = ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "FandolFang", "Noto Serif CJK SC")  # body
KAI = ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "FandolKai", "Noto Serif CJK SC")  # （一） headings, 签发人
HEI = ("黑体", "SimHei", "FandolHei", "Noto Sans CJK SC")  # 一、 headings, 附件N, 密级, 紧急程度
XIAOBIAOSONG = ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FandolSong", "Noto Serif CJK SC")  # bold
SONG = ("宋体", "SimSun", "FandolSong", "Noto Serif CJK SC")  # page numbers (7.5: 4号半角宋体)
# Fandol's vertical metrics: ascent 0.88 em, descent 0.12 em, the ideographic em box exactly the line's
# ascent + descent, so Pango centres a character's square in its line.
FONT_ASCENT, FONT_DESCENT, IDEO_ASCENT = 0.88, 0.12, 0.88
# FandolSong's em dash (一字线) lies 0.30 em above the baseline; its line box puts the baseline 0.8 em down.
SONG_DASH_ABOVE_BASELINE, SONG_BASELINE_IN_LINE = 0.30, 0.8

STYLESHEET = Path(__file__).resolve().parent / "static" / "documents" / "gbt9704.css"


def css_stack(families) -> str:
    return ", ".join(f'"{family}"' for family in families)


def pt(mm: float) -> float:
    return mm * MM


def em_top_in_line(line_height_pt: float, size_pt: float) -> float:
    """Where the top of a CJK character's em box sits below the top of its line box (Pango centres the
    font's ascent + descent in the line; the ideographic em box starts 0.88 em above the baseline)."""
    half_leading = (line_height_pt - (FONT_ASCENT + FONT_DESCENT) * size_pt) / 2
    return half_leading + (FONT_ASCENT - IDEO_ASCENT) * size_pt


def page_number_padding_pt() -> float:
    """The padding above the page number's 14 pt line that puts the middle of its dashes 7 mm under the
    text block (7.5)."""
    return pt(PAGE_NUMBER_GAP_MM) - (SONG_BASELINE_IN_LINE - SONG_DASH_ABOVE_BASELINE) * PAGE_NUMBER_PT


def fit_font_size(text: str, *, width_pt: float = BLOCK_WIDTH_PT, largest: float = MARK_MAX_PT) -> float:
    """The largest size (in half points, at most `largest`) at which `text` stays on one line of `width_pt`."""
    return min(largest, math.floor(width_pt / max(estimated_width_em(text), 1) * 2) / 2)


def estimated_width_em(text: str) -> float:
    """Width in em: CJK and full-width forms are 1 em; the fonts' digits and Latin letters about half an em."""
    return titles.width_em(text)


CLOSING, OPENING = titles.CLOSING, titles.OPENING


def title_lines(title: str, per_line: float = TITLE_CHARS_PER_LINE) -> list[str]:
    """A long title's lines: broken at word boundaries (never 委｜员会), in a trapezoid or diamond (7.3.1)."""
    return titles.title_lines(title, per_line)


HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING_2 = re.compile(r"^（[一二三四五六七八九十]+）")
# A heading's phrase: short, and no pause inside it. A numbered item written as a sentence (with a comma,
# or longer than this) is a paragraph like any other.
HEADING_MAX_CHARS = 18
MARKED = re.compile(r"^【([^【】]+)】")
SENTENCE_END = "。！？"


@dataclass
class Paragraph:
    """One body paragraph: its heading part (set in the level's font) and the rest."""

    level: int
    head: str
    rest: str

    @property
    def html(self) -> str:
        """The paragraph's markup, built here rather than by an include per paragraph (a long document has
        hundreds)."""
        from django.utils.html import escape
        from django.utils.safestring import mark_safe

        head = f'<span class="gw-head-{self.level}">{escape(self.head)}</span>' if self.head else ""
        return mark_safe(f'<p class="gw-level-{self.level}">{head}{escape(self.rest)}</p>')  # noqa: S308 - escaped


def _heading_phrase(line: str, number: str) -> tuple[str, str] | None:
    """Splits a numbered line into (heading, rest) if it opens with a heading; None if it is a sentence."""
    text = line[len(number) :]
    if marked := MARKED.match(text):  # the drafter marks the phrase: 一、【总体要求】坚持……
        return number + marked.group(1), text[marked.end() :]
    own_line = len(text) <= HEADING_MAX_CHARS and not any(mark in text.rstrip(SENTENCE_END) for mark in SENTENCE_END)
    if own_line and not any(pause in text for pause in "，,；;："):
        return line, ""  # a heading on its own line
    head, stop, rest = text.partition("。")
    if stop and rest and len(head) <= HEADING_MAX_CHARS and not any(pause in head for pause in "，,；;：、"):
        return number + head + stop, rest  # 一、总体要求。坚持……: the phrase up to the first full stop
    return None


def paragraphs(text: str) -> list[Paragraph]:
    """Body text, one paragraph a line; heading levels 一、 in 黑体 and （一） in 楷体 (7.3.3) — only the heading
    itself: a line of its own, the short phrase before the first full stop, or the phrase the drafter put
    in 【】. A numbered item written as a full sentence stays in 仿宋."""
    result = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = HEADING_1.match(line) or HEADING_2.match(line)
        level = (1 if HEADING_1.match(line) else 2) if match else 0
        split = _heading_phrase(line, match.group(0)) if match else None
        if split is not None:
            result.append(Paragraph(level, split[0], split[1]))
        else:
            result.append(Paragraph(0, "", line))
    return result


def data_uri(content: bytes, mime: str) -> str:
    return f"data:{mime};base64," + b64encode(content).decode()


@dataclass
class Annex:
    """A text attachment typeset after the document: 附件N on line 1 (黑体), its title centred on line 3."""

    number: int
    title: list[str]
    body: list[Paragraph]


@dataclass
class Layout:
    """Everything the official-document template needs, measured here so the template only places it."""

    kind: str
    mark: str
    mark_pt: float
    mark_margin_pt: float
    number: str
    signer: str
    number_margin_pt: float
    rule_margin_pt: float
    title: list[str]
    recipients: str
    body: list[Paragraph]
    attachments: list[str]
    attendance: list[tuple[str, str]]
    organ: str
    date: str
    seal: str
    note: str
    copy_to: str
    printer: str
    printed_on: str
    sealed: bool = False
    header_lines: list[tuple[str, str]] = field(default_factory=list)
    minutes_line: tuple[str, str] | None = None
    annexes: list[Annex] = field(default_factory=list)
    qr: str = ""
    verify_code: str = ""
    draft: bool = False
    appended: list = field(default_factory=list)  # (number, DocumentAnnex) of the PDF attachments
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def letter_spacing(self) -> float:
        return LETTER_SPACING_PT

    @property
    def closing(self) -> list[Paragraph]:
        """The last paragraph, which goes with the signature (never a signature alone on a page, 7.3.5)."""
        return self.body[-1:]

    @property
    def opening(self) -> list[Paragraph]:
        return self.body[:-1]


def _office_short_name(committee) -> str:
    if committee.office_name.startswith(committee.name):
        return committee.short_name + committee.office_name[len(committee.name) :]
    return committee.office_name


def _names(units: list, extra: str) -> list[str]:
    names = [unit.name for unit in units]
    names += [part.strip() for part in re.split(r"[，,、；;\n]", extra) if part.strip()]
    return names


def _header_lines(document) -> list[tuple[str, str]]:
    """份号, 密级和保密期限, 紧急程度: top left of the text block, one a line, in that order (7.2.1-7.2.3)."""
    lines = []
    if document.copy_number:
        lines.append((f"{document.copy_number:06d}", "gw-copy"))
    if document.secrecy:
        term = document.secrecy_term.strip()
        lines.append((f"{document.secrecy}★{term}" if term else document.secrecy, "gw-secrecy"))
    if document.urgency:
        lines.append((document.urgency, "gw-urgency"))
    return lines


def seal_for(document):
    """The issuer's seal image in force when the document was signed; None for a draft or without one."""
    from .models import IssuerSeal

    if not document.is_signed or not document.with_seal:
        return None
    return (
        IssuerSeal.objects.filter(
            committee_id=document.committee_id, issuer=document.issuer, valid_from__lte=document.signed_at
        )
        .exclude(retired_at__lte=document.signed_at)
        .order_by("-valid_from", "-pk")
        .first()
    )


def verify_path(document) -> str:
    from django.urls import reverse

    return reverse("documents:verify", kwargs={"code": verify_code(document)})


def verify_code(document) -> str:
    """What the QR code carries: the document's id and the start of the digest its signature covers, so that
    nobody finds a document's page by counting."""
    return f"{document.pk}-{document.content_sha256[:12]}"


def qr_svg(url: str) -> bytes:
    """The QR code (error correction M) as SVG. The mask is fixed: scoring all eight, as encoders do by default,
    takes most of a render's layout time and makes no difference to a phone reading a printed code."""
    import segno

    buffer = io.BytesIO()
    segno.make_qr(url, error="m", mask=2).save(buffer, kind="svg", border=0, dark="#000", xmldecl=False)
    return buffer.getvalue()


def _meeting_date(document) -> datetime.date | None:
    if document.meeting_date:
        return document.meeting_date
    records = document.records if document.records_type_id else None
    meeting = getattr(records, "meeting", None) if records is not None else None
    starts = getattr(meeting, "starts_at", None)
    return timezone.localtime(starts).date() if starts else None


def document_layout(document, *, draft: bool = False) -> Layout:
    """The numbers and texts of one document's PDF. A draft (`draft`, or not signed yet) prints without number,
    seal and QR code; the template marks it 草稿."""

    from .models import AddresseeRole, AnnexKind, DocumentKind, Issuer

    draft = draft or not document.is_signed
    committee = document.committee
    issuer_is_committee = document.issuer == Issuer.COMMITTEE
    full_name = committee.name if issuer_is_committee else committee.office_name
    short_name = committee.short_name if issuer_is_committee else _office_short_name(committee)
    titles.add_words([committee.name, committee.short_name, committee.office_name, full_name, short_name])
    is_letter = document.kind == DocumentKind.LETTER
    is_minutes = document.kind == DocumentKind.MINUTES
    if is_minutes:
        mark = f"{short_name}纪要"
    elif is_letter:
        mark = full_name if estimated_width_em(full_name) * 24 <= BLOCK_WIDTH_PT else short_name
    else:
        mark = f"{short_name}文件"
    mark_pt = fit_font_size(mark)
    header_lines = _header_lines(document)
    # The mark's em box top: 35 mm into the text block (72 mm from the page top); 30 mm from the page top for
    # 信函. 份号, 密级 and 紧急程度 take lines above it (under the double line for 信函).
    if is_letter:
        mark_top_pt = pt(LETTER_MARK_TOP_MM - MARGIN_TOP_MM)
        above = 0.0
    else:
        mark_top_pt = pt(MARK_TOP_MM)
        above = len(header_lines) * LINE_PITCH_PT
    mark_margin = mark_top_pt - em_top_in_line(mark_pt, mark_pt) - above
    mark_bottom_in_line = em_top_in_line(mark_pt, mark_pt) + mark_pt  # em bottom, from the mark line's top
    # The number's line starts two blank lines under the mark's em box (7.2.5).
    number_margin = (mark_bottom_in_line - mark_pt) + NUMBER_GAP_LINES * LINE_PITCH_PT
    number_em_bottom = em_top_in_line(LINE_PITCH_PT, BODY_PT) + BODY_PT
    rule_margin = number_em_bottom + pt(RULE_GAP_MM) - LINE_PITCH_PT

    addressees = list(document.addressees.select_related("unit").order_by("unit__sort_order", "unit__code"))
    titles.add_words(a.unit.name for a in addressees)
    main_units = [a.unit for a in addressees if a.role == AddresseeRole.MAIN]
    copy_units = [a.unit for a in addressees if a.role == AddresseeRole.COPY]
    active_units = committee.units.filter(is_active=True).count()
    if main_units and len(main_units) == active_units and not copy_units:
        main_names = ["各成员单位", *_names([], document.main_extra)]
    else:
        main_names = _names(main_units, document.main_extra)
    # Art 5: the committees below it is sent to come first, by their full names.
    below = list(document.committee_addressees.select_related("committee").order_by("committee__code"))
    titles.add_words(a.committee.name for a in below)
    main_names = [a.committee.name for a in below if a.role == AddresseeRole.MAIN] + main_names
    recipients = "、".join(main_names) + "：" if main_names and not is_minutes else ""
    copy_names = [a.committee.name for a in below if a.role == AddresseeRole.COPY] + _names(
        copy_units, document.copy_extra
    )

    on = timezone.localtime(document.signed_at or timezone.now())
    date = chinese_date(on.date())
    # With a seal the organ name is centred over the date (4 characters in from the right); a full name too
    # long for that is replaced by the standard short name (7.3.5.1).
    organ = full_name
    sealed = document.with_seal and not is_minutes
    if sealed:
        date_centre_from_right = 4 * CHAR_PITCH_PT + estimated_width_em(date) * CHAR_PITCH_PT / 2
        if estimated_width_em(full_name) * CHAR_PITCH_PT / 2 > date_centre_from_right:
            organ = short_name
    attendance = []
    if is_minutes:
        for key, label in (("present", "出席"), ("absent", "请假"), ("attending", "列席")):
            names = document.attendance_list(key)
            if names:
                attendance.append((label, "、".join(names)))
    signer = document.signer_name if document.is_upward and not draft else ""
    number = "" if draft else document.doc_number
    minutes_line = None
    if is_minutes:
        # 纪要 (10.2): the issue (第N期) under the mark; the organ and the meeting's date above the red line.
        number = "" if draft else f"第{document.doc_serial}期"
        held = _meeting_date(document)
        minutes_line = (full_name if estimated_width_em(full_name) <= 14 else short_name, chinese_date(held or on))
    # GB/T 9704 has no place on the page for the signer's capacity; the file records it, in Chinese whatever
    # language the signer's screen was in (Art 24: the document is what was signed).
    signed = document.signed if not draft else None
    sign_off = f"{document.signer_name}{signed.capacity_zh}签发" if signed is not None else ""
    # 印发机关 and 印发日期 share one 14 pt line, one character in from each side (7.4).
    printer = committee.office_name
    room = BLOCK_WIDTH_PT / COLOPHON_PT - 3  # two side indents and at least one character between
    if estimated_width_em(printer) + estimated_width_em(f"{date}印发") > room:
        printer = _office_short_name(committee)

    annex_rows = list(document.annexes.order_by("position", "pk")) if document.pk else []
    listed = [annex.title for annex in annex_rows] or document.attachment_titles
    annexes = [
        Annex(number=index, title=title_lines(annex.title), body=paragraphs(annex.text))
        for index, annex in enumerate(annex_rows, start=1)
        if annex.kind == AnnexKind.TEXT and annex.text.strip()
    ]
    appended = [(index, annex) for index, annex in enumerate(annex_rows, start=1) if annex.kind == AnnexKind.PDF]

    seal = seal_for(document) if not draft else None
    seal_uri = ""
    if seal is not None:
        with seal.image.open("rb") as image:
            seal_uri = data_uri(image.read(), "image/png")
    qr, code = "", ""
    if not draft:
        code = verify_code(document)
        qr = data_uri(qr_svg(settings.SITE_URL + verify_path(document)), "image/svg+xml")

    kind_label = str(document.get_kind_display())
    keywords = [kind_label, full_name, *([document.doc_number] if number else [])]
    return Layout(
        kind=document.kind,
        mark=mark,
        mark_pt=mark_pt,
        mark_margin_pt=round(mark_margin, 3),
        number=number,
        signer=signer,
        number_margin_pt=round(number_margin, 3),
        rule_margin_pt=round(rule_margin, 3),
        title=title_lines(document.title),
        recipients=recipients,
        body=paragraphs(document.body),
        attachments=listed,
        attendance=attendance,
        organ=organ if not is_minutes else "",
        date=date,
        seal=seal_uri,
        sealed=sealed,
        note=document.note,
        copy_to="，".join(copy_names),
        printer=printer,
        printed_on=date,
        header_lines=header_lines,
        minutes_line=minutes_line,
        annexes=annexes,
        qr=qr,
        verify_code=code,
        draft=draft,
        appended=appended,
        metadata={
            "title": " ".join(document.title.split()),
            "author": full_name,
            "subject": " ".join(part for part in (document.doc_number if number else "草稿", sign_off) if part),
            "keywords": ", ".join(keywords),
            "created": on.isoformat(timespec="seconds"),
        },
    )


def document_html(document, *, draft: bool = False) -> str:
    return layout_html(document_layout(document, draft=draft), document)


def layout_html(layout: Layout, document) -> str:
    from django.template.loader import render_to_string

    return render_to_string("documents/pdf/official.html", {"layout": layout, "document": document})


@dataclass
class RenderedPdf:
    pdf: bytes
    pages: int
    sha256: str


def render_official(html: str, *, appendices: list[tuple[int, bytes]] = ()) -> RenderedPdf:
    """Renders an official document. When the colophon (版记) has no room on the last page of text it goes
    to a page of its own, which carries no page number (7.5): that case takes a second pass. Uploaded PDF
    attachments (`appendices`: number, bytes) follow the document, each page marked 附件N on its first."""
    rendered = html_render(html, stylesheets=[STYLESHEET])
    if rendered.pages and "gw-end" not in rendered.pages[-1].anchors and len(rendered.pages) > 1:
        html = html.replace('class="gw-colophon-anchor"', 'class="gw-colophon-anchor gw-alone"', 1)
        rendered = html_render(html, stylesheets=[STYLESHEET])
    pdf = rendered.write_pdf()
    pages = len(rendered.pages)
    if appendices:
        from .annexes import append_pdfs

        pdf, pages = append_pdfs(pdf, appendices)
    return RenderedPdf(pdf=pdf, pages=pages, sha256=hashlib.sha256(pdf).hexdigest())


def document_pdf(document, *, draft: bool = False) -> RenderedPdf:
    from .annexes import read_appendices

    layout = document_layout(document, draft=draft)
    return render_official(layout_html(layout, document), appendices=read_appendices(layout.appended))
