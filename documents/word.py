"""Word files (.docx, python-docx): an official document exported in the GB/T 9704 page layout, and the text
of a Word file taken into a draft.

The export names the commercial faces an office PC has (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体);
Word substitutes what is missing. The PDF stays the document of record; the .docx is for editing and filing.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import rendering

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WORD_FANG, WORD_KAI, WORD_HEI, WORD_XBS = "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体"
RED_HEX = "FF0000"


def _font(run, name: str, size: float, *, red: bool = False, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if red:
        run.font.color.rgb = RGBColor.from_string(RED_HEX)


def _paragraph(doc, text: str = "", *, font: str = WORD_FANG, size: float = 16, align=None, indent: bool = False):
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(rendering.LINE_PITCH_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    if align is not None:
        paragraph.alignment = align
    if text:
        _font(paragraph.add_run(text), font, size)
    return paragraph


def _rule(paragraph, *, colour: str, size_eighths: int) -> None:
    """A line under the paragraph as wide as the text block (the red separator, the colophon's rules)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size_eighths)), ("w:space", "1"), ("w:color", colour)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def document_docx(document) -> bytes:
    """The document as a .docx: A4, the GB/T 9704 margins, the mark in red, the separator, the title, the body
    with its heading fonts, the signature, the note and the colophon."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    layout = rendering.document_layout(document)
    doc = Docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(rendering.PAGE_WIDTH_MM), Mm(rendering.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(rendering.MARGIN_TOP_MM), Mm(rendering.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(rendering.MARGIN_LEFT_MM), Mm(rendering.MARGIN_RIGHT_MM)
    doc.core_properties.title = layout.metadata["title"]
    doc.core_properties.author = layout.metadata["author"]
    doc.core_properties.subject = layout.metadata["subject"]
    doc.core_properties.keywords = layout.metadata["keywords"]

    for text, css in layout.header_lines:
        _paragraph(doc, text, font=WORD_FANG if css == "gw-copy" else WORD_HEI)
    mark = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    mark.paragraph_format.space_before = Pt(max(0.0, layout.mark_margin_pt))
    mark.paragraph_format.line_spacing = Pt(layout.mark_pt * 1.2)
    _font(mark.add_run(layout.mark), WORD_XBS, layout.mark_pt, red=True)
    _paragraph(doc)
    number = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    if layout.number:
        _font(number.add_run(layout.number), WORD_FANG, 16)
    if layout.signer:
        _font(number.add_run("\u3000\u3000签发人："), WORD_FANG, 16)
        _font(number.add_run(layout.signer), WORD_KAI, 16)
    if layout.minutes_line:
        number = _paragraph(doc, f"{layout.minutes_line[0]}\u3000\u3000{layout.minutes_line[1]}")
    _rule(number, colour=RED_HEX, size_eighths=12)
    _paragraph(doc)
    for line in layout.title:
        _paragraph(doc, line, font=WORD_XBS, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc)
    if layout.recipients:
        _paragraph(doc, layout.recipients)
    for paragraph in layout.body:
        out = _paragraph(doc, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        if paragraph.head:
            _font(out.add_run(paragraph.head), WORD_HEI if paragraph.level == 1 else WORD_KAI, 16)
        if paragraph.rest:
            _font(out.add_run(paragraph.rest), WORD_FANG, 16)
    if layout.attachments:
        _paragraph(doc)
        for index, title in enumerate(layout.attachments, start=1):
            prefix = "附件：" if index == 1 else "\u3000\u3000\u3000"
            number_text = f"{index}." if len(layout.attachments) > 1 else ""
            _paragraph(doc, f"{prefix}{number_text}{title}", indent=True)
    for label, names in layout.attendance:
        _paragraph(doc, f"{label}：{names}", indent=True)
    if layout.organ:
        _paragraph(doc)
        right = WD_ALIGN_PARAGRAPH.RIGHT
        organ = _paragraph(doc, layout.organ, align=right)
        organ.paragraph_format.right_indent = Pt(4 * 16 if layout.sealed else 2 * 16)
        date = _paragraph(doc, layout.date, align=right)
        date.paragraph_format.right_indent = Pt(4 * 16 if layout.sealed else 0)
    if layout.note:
        _paragraph(doc, f"（{layout.note}）", indent=True)
    _paragraph(doc)
    if layout.copy_to:
        copy = _paragraph(doc, f"抄送：{layout.copy_to}。", size=14)
        copy.paragraph_format.left_indent = Pt(14)
        _rule(copy, colour="000000", size_eighths=6)
    printed = _paragraph(doc, f"{layout.printer}\u3000\u3000{layout.printed_on}印发", size=14)
    printed.paragraph_format.left_indent = Pt(14)
    _rule(printed, colour="000000", size_eighths=8)
    for annex in layout.annexes:
        doc.add_page_break()
        _paragraph(doc, f"附件{annex.number}", font=WORD_HEI)
        _paragraph(doc)
        for line in annex.title:
            _paragraph(doc, line, font=WORD_XBS, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
        _paragraph(doc)
        for paragraph in annex.body:
            _paragraph(doc, paragraph.head + paragraph.rest, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


MAX_IMPORT_BYTES = 10 * 1024 * 1024


def docx_text(upload) -> tuple[str, str]:
    """The text of a Word file: its first non-empty paragraph (the title) and the rest, one paragraph a line."""
    from docx import Document as Docx
    from docx.opc.exceptions import PackageNotFoundError

    if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(_("Word文件不能超过10 MB。"))
    if not (upload.name or "").lower().endswith(".docx"):
        raise ValidationError(_("只能导入.docx格式的Word文件（旧版.doc请先另存为.docx）。"))
    try:
        doc = Docx(upload)
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ValidationError(_("无法读取该Word文件。")) from exc
    lines = [" ".join(p.text.split()) for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append("\u3000".join(" ".join(cell.text.split()) for cell in row.cells))
    lines = [line for line in lines if line]
    if not lines:
        raise ValidationError(_("该Word文件没有文字。"))
    return lines[0][:200], "\n".join(lines[1:])
