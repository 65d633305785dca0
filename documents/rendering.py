"""Official documents laid out after GB/T 9704-2012 (see ../shared/gbt9704.md for the numbers).

The HTML to PDF pipeline under it is core.pdf's, shared with every app that prints; the tracked render job is
core.rendering's, and documents/renderers.py declares the official document to it.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import re
from base64 import b64encode
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from core.numerals import chinese_date  # 2026年3月5日: Arabic numerals, no leading zeros (7.3.5.4)
from core.pdf import html_render

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
PAGE_NUMBER_GAP_MM = 7  # under the text block (7.5)
SEAL_MM = 42
RED = "#ff0000"  # CMYK 0/80/80/0 on paper; on screen #FF0000

# The stand-in fonts (gbt9704.md, Fonts). Noto CJK carries its own Latin letters and digits, used for
# them too: a second font with other vertical metrics would push lines off the 22-line grid.
SERIF = "Noto Serif CJK SC"  # 仿宋 (body) and, in Bold, 小标宋 (mark, title)
SANS = "Noto Sans CJK SC"  # 黑体 (first-level headings, 附件N, 出席)
# Noto Serif CJK SC's vertical metrics (hhea) and its ideographic em box (OS/2 typo: 880 over, 120 under).
SERIF_ASCENT, SERIF_DESCENT, IDEO_ASCENT = 1.151, 0.286, 0.88

STYLESHEET = Path(__file__).resolve().parent / "static" / "documents" / "gbt9704.css"
SEAL_SVG = Path(__file__).resolve().parent / "static" / "documents" / "seal.svg"


def pt(mm: float) -> float:
    return mm * MM


def em_top_in_line(line_height_pt: float, size_pt: float) -> float:
    """Where the top of a CJK character's em box sits below the top of its line box (Pango centres the
    font's ascent + descent in the line; the ideographic em box starts 0.88 em above the baseline)."""
    half_leading = (line_height_pt - (SERIF_ASCENT + SERIF_DESCENT) * size_pt) / 2
    return half_leading + (SERIF_ASCENT - IDEO_ASCENT) * size_pt


def fit_font_size(text: str, *, width_pt: float = BLOCK_WIDTH_PT, largest: float = MARK_MAX_PT) -> float:
    """The largest size (in half points, at most `largest`) at which `text` stays on one line of `width_pt`."""
    return min(largest, math.floor(width_pt / max(estimated_width_em(text), 1) * 2) / 2)


def estimated_width_em(text: str) -> float:
    """Width in em: CJK and full-width forms are 1 em; Noto CJK's proportional digits and Latin about 0.56."""
    return sum(0.56 if ord(char) < 0x2E80 else 1.0 for char in text)


CLOSING = set("，。、；：！？）》」』”’〕】…—·")
OPENING = set("（《「『“‘〔【")


def title_lines(title: str, per_line: float = TITLE_CHARS_PER_LINE) -> list[str]:
    """Breaks a long title into lines that grow downwards (a trapezoid, 7.3.1), measured in em (digits are
    narrower than characters). A line never starts with closing punctuation nor ends with an opening bracket,
    and a number stays whole with the character that follows it (2026年)."""
    title = " ".join(title.split())
    width = estimated_width_em(title)
    if width <= per_line:
        return [title]
    count = math.ceil(width / per_line)
    # Target widths grow line by line, by up to two characters, and each stays within the line.
    step = min(2.0, (per_line * count - width) / max(count - 1, 1))
    targets = [width / count + (index - (count - 1) / 2) * step for index in range(count)]

    def breakable(position: int) -> bool:
        before, after = title[position - 1], title[position]
        if after in CLOSING or before in OPENING:
            return False
        return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())

    lines, start = [], 0
    for target in targets[:-1]:
        best, best_score = None, None
        for position in range(start + 1, len(title)):
            used = estimated_width_em(title[start:position])
            if used > per_line:
                break
            if breakable(position):
                score = abs(used - target)
                if best_score is None or score < best_score:
                    best, best_score = position, score
        if best is None:
            break
        lines.append(title[start:best])
        start = best
    lines.append(title[start:])
    return lines


HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING_2 = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass
class Paragraph:
    """One body paragraph: its heading part (set in the level's font) and the rest."""

    level: int
    head: str
    rest: str


def paragraphs(text: str) -> list[Paragraph]:
    """Body text, one paragraph a line; 一、 headings in 黑体, （一） in 楷体 (7.3.3); the heading part ends at 。"""
    result = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        level = 1 if HEADING_1.match(line) else 2 if HEADING_2.match(line) else 0
        if level:
            head, stop, rest = line.partition("。")
            result.append(Paragraph(level, head + stop, rest))
        else:
            result.append(Paragraph(0, "", line))
    return result


def seal_svg(organ: str) -> str:
    """The round seal drawn for this project (static/documents/seal.svg), with the organ's name set on its rim.

    A drawing standing in for the organ's seal on generated copies, not an electronic signature.
    """
    base = SEAL_SVG.read_text(encoding="utf-8")
    count = max(len(organ), 1)
    span = min(250.0, 24.0 * count)  # degrees of rim the name takes, centred on the top
    size = 46 if count <= 12 else 40
    chars = []
    for index, char in enumerate(organ):
        angle = -span / 2 + span * (index + 0.5) / count
        chars.append(
            f'<text x="210" y="{210 - 150 + size * 0.35:.1f}" font-size="{size}" '
            f'transform="rotate({angle:.2f} 210 210)">{escape(char)}</text>'
        )
    return base.replace("<!-- NAME -->", "\n".join(chars))


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()


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
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def letter_spacing(self) -> float:
        return LETTER_SPACING_PT


def _office_short_name(committee) -> str:
    if committee.office_name.startswith(committee.name):
        return committee.short_name + committee.office_name[len(committee.name) :]
    return committee.office_name


def _names(units: list, extra: str) -> list[str]:
    names = [unit.name for unit in units]
    names += [part.strip() for part in re.split(r"[，,、；;\n]", extra) if part.strip()]
    return names


def document_layout(document) -> Layout:
    """The numbers and texts of one document's PDF (a signed document; a draft prints without number)."""
    from .models import AddresseeRole, DocumentKind, Issuer

    committee = document.committee
    issuer_is_committee = document.issuer == Issuer.COMMITTEE
    full_name = committee.name if issuer_is_committee else committee.office_name
    short_name = committee.short_name if issuer_is_committee else _office_short_name(committee)
    if document.kind == DocumentKind.MINUTES:
        mark = f"{short_name}纪要"
    elif document.kind == DocumentKind.LETTER:
        mark = full_name if estimated_width_em(full_name) * 24 <= BLOCK_WIDTH_PT else short_name
    else:
        mark = f"{short_name}文件"
    mark_pt = fit_font_size(mark)
    # The mark's em box top: 35 mm into the text block (72 mm from the page top); 30 mm from the page top for 信函.
    mark_top_pt = pt(LETTER_MARK_TOP_MM - MARGIN_TOP_MM) if document.kind == DocumentKind.LETTER else pt(MARK_TOP_MM)
    mark_margin = mark_top_pt - em_top_in_line(mark_pt, mark_pt)
    mark_bottom_in_line = em_top_in_line(mark_pt, mark_pt) + mark_pt  # em bottom, from the mark line's top
    # The number's line starts two blank lines under the mark's em box (7.2.5).
    number_margin = (mark_bottom_in_line - mark_pt) + NUMBER_GAP_LINES * LINE_PITCH_PT
    number_em_bottom = em_top_in_line(LINE_PITCH_PT, BODY_PT) + BODY_PT
    rule_margin = number_em_bottom + pt(RULE_GAP_MM) - LINE_PITCH_PT

    addressees = list(document.addressees.select_related("unit").order_by("unit__sort_order", "unit__code"))
    main_units = [a.unit for a in addressees if a.role == AddresseeRole.MAIN]
    copy_units = [a.unit for a in addressees if a.role == AddresseeRole.COPY]
    active_units = committee.units.filter(is_active=True).count()
    if main_units and len(main_units) == active_units and not copy_units:
        main_names = ["各成员单位", *_names([], document.main_extra)]
    else:
        main_names = _names(main_units, document.main_extra)
    recipients = "、".join(main_names) + "：" if main_names and document.kind != DocumentKind.MINUTES else ""
    copy_names = _names(copy_units, document.copy_extra)

    on = (document.signed_at or document.created_at).astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    date = chinese_date(on.date())
    # With a seal the organ name is centred over the date (4 characters in from the right); a full name too
    # long for that is replaced by the standard short name (7.3.5.1).
    organ = full_name
    if document.with_seal:
        date_centre_from_right = 4 * CHAR_PITCH_PT + estimated_width_em(date) * CHAR_PITCH_PT / 2
        if estimated_width_em(full_name) * CHAR_PITCH_PT / 2 > date_centre_from_right:
            organ = short_name
    attendance = []
    if document.kind == DocumentKind.MINUTES:
        for key, label in (("present", "出席"), ("absent", "请假"), ("attending", "列席")):
            names = document.attendance_list(key)
            if names:
                attendance.append((label, "、".join(names)))
    signer = document.signer_name if document.is_upward else ""
    # GB/T 9704 has no place on the page for the signer's capacity; the file records it, in Chinese whatever
    # language the signer's screen was in (Art 24: the document is what was signed).
    signed = document.signed
    sign_off = f"{document.signer_name}{signed.capacity_zh}签发" if signed is not None else ""
    # 印发机关 and 印发日期 share one 14 pt line, one character in from each side (7.4).
    printer = committee.office_name
    room = BLOCK_WIDTH_PT / COLOPHON_PT - 3  # two side indents and at least one character between
    if estimated_width_em(printer) + estimated_width_em(f"{date}印发") > room:
        printer = _office_short_name(committee)
    return Layout(
        kind=document.kind,
        mark=mark,
        mark_pt=mark_pt,
        mark_margin_pt=round(mark_margin, 3),
        number=document.doc_number,
        signer=signer,
        number_margin_pt=round(number_margin, 3),
        rule_margin_pt=round(rule_margin, 3),
        title=title_lines(document.title),
        recipients=recipients,
        body=paragraphs(document.body),
        attachments=document.attachment_titles,
        attendance=attendance,
        organ=organ if document.kind != DocumentKind.MINUTES else "",
        date=date,
        seal=data_uri(seal_svg(organ)) if document.with_seal and document.kind != DocumentKind.MINUTES else "",
        note=document.note,
        copy_to="，".join(copy_names),
        printer=printer,
        printed_on=date,
        metadata={
            "title": f"{document.doc_number} {document.title}".strip(),
            "author": full_name,
            "created": on.isoformat(timespec="seconds"),
            "sign_off": sign_off,
        },
    )


def document_html(document) -> str:
    from django.template.loader import render_to_string

    layout = document_layout(document)
    return render_to_string("documents/pdf/official.html", {"layout": layout, "document": document})


@dataclass
class RenderedPdf:
    pdf: bytes
    pages: int
    sha256: str


def render_official(html: str) -> RenderedPdf:
    """Renders an official document. When the colophon (版记) has no room on the last page of text it goes
    to a page of its own, which carries no page number (7.5): that case takes a second pass."""
    rendered = html_render(html, stylesheets=[STYLESHEET])
    if rendered.pages and "gw-end" not in rendered.pages[-1].anchors and len(rendered.pages) > 1:
        html = html.replace('class="gw-colophon-anchor"', 'class="gw-colophon-anchor gw-alone"', 1)
        rendered = html_render(html, stylesheets=[STYLESHEET])
    pdf = rendered.write_pdf()
    return RenderedPdf(pdf=pdf, pages=len(rendered.pages), sha256=hashlib.sha256(pdf).hexdigest())


def document_pdf(document) -> RenderedPdf:
    return render_official(document_html(document))
