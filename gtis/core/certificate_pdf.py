"""Certificates the platform issues, printed as A4 landscape PDFs: one page per language, each
with its rows, the issuer and date, and a QR code to the public page that checks the seal; a
revoked certificate is printed across with its revocation. The Chinese font ships with the
package (`gtis/data/fonts`, made by `scripts/subset_font.py`) and is embedded, so any viewer
shows the text and nothing is fetched."""

import datetime
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

import segno
from django.conf import settings
from django.http import HttpResponse
from django.utils import formats
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import TTFFont

FONT = Path(settings.PACKAGE_DIR) / "data" / "fonts" / "NotoSerifCJKsc-Regular-subset.otf"
FAMILY = "notoserifcjk"
# Printed in place of a character the shipped font lacks (a rare hanzi outside the basic block).
MISSING = "□"

# fontTools logs every step of subsetting the font at INFO, for every PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)

GREEN = (22, 101, 52)
RED = (185, 28, 28)
GREY = (90, 90, 90)


@dataclass(frozen=True)
class CertificatePage:
    """One language's page: everything printed on it, already in that language."""

    heading: str
    subheading: str
    rows: list[tuple[str, str]]
    issuer: str
    issued_on: str
    verify_note: str
    code_label: str
    revoked_notice: str = ""
    watermark: str = ""


@dataclass(frozen=True)
class CertificateDocument:
    """A certificate to print: its pages and the public URL that verifies it by its code."""

    title: str
    code: str
    verification_url: str
    pages: list[CertificatePage] = field(default_factory=list)


def render(document: CertificateDocument) -> bytes:
    """The PDF of `document`."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_creator("GTIS")
    pdf.set_title(document.title)
    pdf.set_subject(document.code)
    pdf.add_font(FAMILY, fname=str(FONT))
    qr = _qr_svg(document.verification_url)
    for page in document.pages:
        _page(pdf, document, page, qr)
    return bytes(pdf.output())


def response(document: CertificateDocument) -> HttpResponse:
    """The PDF of `document`, opened in the browser and saved as `<title>.pdf`."""
    pdf = HttpResponse(render(document), content_type="application/pdf")
    pdf["Content-Disposition"] = f'inline; filename="{document.title}.pdf"'
    return pdf


def written_date(iso: str) -> str:
    """An ISO date as the active language writes dates (2026年11月27日, Nov. 27, 2026)."""
    if not iso:
        return ""
    return formats.date_format(datetime.date.fromisoformat(iso), "DATE_FORMAT")


def printable(pdf: FPDF, text: str) -> str:
    """`text` with every character the embedded font cannot draw replaced by □."""
    font = pdf.fonts[FAMILY]
    assert isinstance(font, TTFFont)
    cmap = font.cmap
    return "".join(c if ord(c) in cmap or c in "\n\t" else MISSING for c in text)


def _qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", border=0, omitsize=True)
    return buffer.getvalue()


def _page(pdf: FPDF, document: CertificateDocument, page: CertificatePage, qr: bytes) -> None:
    pdf.add_page()
    _frame(pdf)
    if page.watermark:
        _watermark(pdf, page.watermark)
    _text(pdf, page.heading, size=30, y=26, colour=GREEN)
    _text(pdf, page.subheading, size=15, y=42, colour=GREY)
    if page.revoked_notice:
        _text(pdf, page.revoked_notice, size=12, y=53, colour=RED)
    _rows(pdf, page.rows, top=64)
    _qr(pdf, document, page, qr)
    _text(pdf, page.issuer, size=13, y=170, x=150, width=117, align=Align.R)
    _text(pdf, page.issued_on, size=12, y=179, x=150, width=117, align=Align.R)


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*GREEN)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)


def _watermark(pdf: FPDF, text: str) -> None:
    with pdf.local_context(fill_opacity=0.18), pdf.rotation(25, x=pdf.w / 2, y=pdf.h / 2):
        _text(pdf, text, size=90, y=pdf.h / 2 - 18, colour=RED)


def _text(
    pdf: FPDF,
    text: str,
    *,
    size: float,
    y: float,
    x: float = 15,
    width: float = 0,
    align: Align = Align.C,
    colour: tuple[int, int, int] = (0, 0, 0),
) -> None:
    pdf.set_font(FAMILY, size=size)
    pdf.set_text_color(*colour)
    pdf.set_xy(x, y)
    pdf.cell(w=width or pdf.w - 2 * x, h=size * 0.5, text=printable(pdf, text), align=align)


def _rows(pdf: FPDF, rows: list[tuple[str, str]], *, top: float) -> None:
    """Label and value, one row under the other; a long value wraps within its column."""
    pdf.set_y(top)
    for label, value in rows:
        y = pdf.get_y()
        pdf.set_font(FAMILY, size=11)
        pdf.set_text_color(*GREY)
        pdf.set_xy(22, y)
        pdf.cell(w=48, h=7, text=printable(pdf, label), align=Align.R)
        pdf.set_font(FAMILY, size=12)
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(74, y)
        pdf.multi_cell(
            w=140,
            h=7,
            text=printable(pdf, value or "—"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_y(max(pdf.get_y(), y + 7) + 1.5)


def _qr(pdf: FPDF, document: CertificateDocument, page: CertificatePage, qr: bytes) -> None:
    """The QR code to the verification page (also a link), the note and the code under it."""
    x, y, side = 226, 64, 44
    pdf.image(io.BytesIO(qr), x=x, y=y, w=side, h=side)
    pdf.link(x, y, side, side, document.verification_url)
    pdf.set_font(FAMILY, size=8)
    pdf.set_text_color(*GREY)
    pdf.set_xy(x - 8, y + side + 2)
    pdf.multi_cell(w=side + 16, h=4, text=printable(pdf, page.verify_note), align=Align.C)
    pdf.set_x(x - 8)
    pdf.multi_cell(w=side + 16, h=4, text=printable(pdf, page.code_label), align=Align.C)
    pdf.set_font(FAMILY, size=10)
    pdf.set_text_color(0, 0, 0)
    pdf.set_x(x - 8)
    pdf.cell(w=side + 16, h=5, text=printable(pdf, document.code), align=Align.C)
