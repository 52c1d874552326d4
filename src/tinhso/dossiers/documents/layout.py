"""Decree 30/2020 docx building blocks: page, header, title, lines, signatures, widths."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

FONT = "Times New Roman"


def _new_document() -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(3)
    return doc


def _cell_line(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: int = 13,
    first: bool = False,
) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)


def _set_widths(table: Any, widths: tuple[Any, ...]) -> None:
    """Column widths that both Word (cell widths) and LibreOffice (grid columns) honour."""
    table.autofit = False
    for index, width in enumerate(widths):
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width


def _header(doc: DocxDocument, issuer: tuple[str, str], number: str, place_line: str) -> None:
    """The Decree 30/2020 header: body and number left, national title and date right."""
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _set_widths(table, (Cm(6.5), Cm(10)))
    left, right = table.rows[0].cells
    top, body = issuer
    _cell_line(left, top or " ", size=12, first=True)
    _cell_line(left, body, bold=True, size=12)
    _cell_line(right, _("SOCIALIST REPUBLIC OF VIET NAM"), bold=True, size=12, first=True)
    _cell_line(right, _("Independence - Freedom - Happiness"), bold=True, underline=True)
    left, right = table.rows[1].cells
    _cell_line(left, _("No.: %(number)s") % {"number": number}, first=True)
    _cell_line(right, place_line, italic=True, first=True)
    doc.add_paragraph()


def _title(doc: DocxDocument, text: str, subtitle: str = "") -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(14)
    if subtitle:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.add_run(subtitle).bold = True
    doc.add_paragraph()


def _line(doc: DocxDocument, label: str, value: str = "", *, bold_value: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.add_run(label)
    if value:
        run = paragraph.add_run(value)
        run.bold = bold_value


def _signatures(doc: DocxDocument, left: tuple[str, str, str], right: tuple[str, str, str]) -> None:
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    for cell, (title, hint, name) in zip(table.rows[0].cells, (left, right), strict=True):
        _cell_line(cell, title, bold=True, first=True)
        _cell_line(cell, hint, italic=True, size=12)
        for _blank in range(3):
            cell.add_paragraph()
        _cell_line(cell, name, bold=True)


def _save(doc: DocxDocument) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
