"""A certificate as an A4 PDF (reportlab): the holder, the date, the center, the certified pix,
the level of each competence, the verification code, and a QR code of the verification address
(printed in full as well, for whoever cannot scan it).

Text is set in DejaVu Sans (Debian's fonts-dejavu-core, installed by deploy/local/setup.sh),
embedded, so that a name in any Latin letter (Ł, ø, ß…) prints and can be copied back out;
without it, Helvetica (the PDF's built-in font, Western European letters only).
"""
from __future__ import annotations

import io
from datetime import date
from functools import cache
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.renderPDF import draw as draw_drawing
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..domain.certificates import CertificateView

FONT_DIRECTORY = Path("/usr/share/fonts/truetype/dejavu")
FALLBACK_FONTS = ("Helvetica", "Helvetica-Bold")
DEFAULT_LANGUAGE = "fr"
DOCUMENT_LANGUAGES = {"fr": "fr-FR", "en": "en-GB"}
AUTHOR = "Pix"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
# Where the QR code sits (bottom right, above the margin); the tests read it back from there.
QR_SIZE = 40 * mm
QR_X = PAGE_WIDTH - MARGIN - QR_SIZE
QR_Y = MARGIN + 4 * mm
QR_LEVEL = "M"  # error correction that survives a crease or a smudge on a printed page

TEXTS = {
    "fr": {
        "title": "Certificat Pix",
        "holder": "Délivré à {name}",
        "anonymized": "Titulaire anonymisé",
        "date": "Date de certification : {date}",
        "center": "Centre de certification : {center}",
        "pix": "Pix certifiés : {pix}",
        "competence": "Compétence",
        "level_heading": "Niveau certifié",
        "level": "Niveau {level}",
        "not_certified": "Non certifiée",
        "area": "Domaine {code}",
        "code": "Code de vérification : {code}",
        "verify": "Vérifier ce certificat :",
        "subject": "Certificat Pix, code de vérification {code}",
    },
    "en": {
        "title": "Pix certificate",
        "holder": "Awarded to {name}",
        "anonymized": "Anonymized holder",
        "date": "Certification date: {date}",
        "center": "Certification center: {center}",
        "pix": "Certified pix: {pix}",
        "competence": "Competence",
        "level_heading": "Certified level",
        "level": "Level {level}",
        "not_certified": "Not certified",
        "area": "Area {code}",
        "code": "Verification code: {code}",
        "verify": "Verify this certificate:",
        "subject": "Pix certificate, verification code {code}",
    },
}
MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def render_certificate(certificate: CertificateView, verification_url: str, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The certificate's PDF, in French or English (any other language gets French)."""
    lang = lang if lang in TEXTS else DEFAULT_LANGUAGE
    texts = TEXTS[lang]
    regular, bold = fonts(FONT_DIRECTORY)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, lang=DOCUMENT_LANGUAGES[lang])
    _describe(canvas, certificate, texts)
    y = _header(canvas, certificate, texts, lang, regular, bold)
    _competences(canvas, certificate, texts, regular, bold, y)
    _verification(canvas, certificate, verification_url, texts, regular, bold)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def format_date(day: date, lang: str) -> str:
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


@cache
def fonts(directory: Path) -> tuple[str, str]:
    """The regular and bold font names to set text in, registered with reportlab once."""
    regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        return FALLBACK_FONTS
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    return "DejaVuSans", "DejaVuSans-Bold"


def _describe(canvas: Canvas, certificate: CertificateView, texts: dict[str, str]) -> None:
    """The metadata a screen reader announces and a viewer shows in its title bar."""
    holder = certificate.holder
    title = texts["title"] if holder is None else f"{texts['title']} — {holder.first_name} {holder.last_name}"
    canvas.setTitle(title)
    canvas.setAuthor(AUTHOR)
    canvas.setSubject(texts["subject"].format(code=certificate.verification_code))
    canvas.setCreator(AUTHOR)
    canvas.setViewerPreference("DisplayDocTitle", "true")


def _header(canvas: Canvas, certificate: CertificateView, texts: dict[str, str], lang: str,
            regular: str, bold: str) -> float:
    y = PAGE_HEIGHT - MARGIN - 10 * mm
    canvas.setFont(bold, 24)
    canvas.drawString(MARGIN, y, texts["title"])
    y -= 12 * mm
    holder = certificate.holder
    name = texts["anonymized"] if holder is None else texts["holder"].format(
        name=f"{holder.first_name} {holder.last_name}")
    y = _lines(canvas, name, y, bold if holder else regular, 14)
    lines = (texts["date"].format(date=format_date(certificate.certified_on, lang)),
             texts["center"].format(center=certificate.center_name))
    for line in lines:
        y = _lines(canvas, line, y - 2 * mm, regular, 11)
    canvas.setFont(bold, 14)
    y -= 9 * mm
    canvas.drawString(MARGIN, y, texts["pix"].format(pix=certificate.certified_pix))
    return y - 12 * mm


def _competences(canvas: Canvas, certificate: CertificateView, texts: dict[str, str],
                 regular: str, bold: str, y: float) -> None:
    level_x = PAGE_WIDTH - MARGIN - 30 * mm
    canvas.setFont(bold, 10)
    canvas.drawString(MARGIN, y, texts["competence"])
    canvas.drawString(level_x, y, texts["level_heading"])
    canvas.line(MARGIN, y - 2 * mm, PAGE_WIDTH - MARGIN, y - 2 * mm)
    y -= 8 * mm
    title_width = level_x - MARGIN - 10 * mm
    for area_code, competences in certificate.competences_by_area():
        area_title = competences[0].area_title
        canvas.setFont(bold, 10)
        heading = f"{area_code}. {area_title}" if area_title else texts["area"].format(code=area_code)
        canvas.drawString(MARGIN, y, heading)
        y -= 5.5 * mm
        for competence in competences:
            level = texts["level"].format(level=competence.level) if competence.certified else texts["not_certified"]
            canvas.setFont(bold if competence.certified else regular, 9)
            canvas.drawString(level_x, y, level)
            y = _lines(canvas, f"{competence.code} {competence.title}", y, regular, 9, title_width, x=MARGIN + 4 * mm)
            y -= 1.2 * mm
        y -= 2 * mm


def _verification(canvas: Canvas, certificate: CertificateView, verification_url: str, texts: dict[str, str],
                  regular: str, bold: str) -> None:
    widget = QrCodeWidget(verification_url, barLevel=QR_LEVEL, barBorder=0, barWidth=QR_SIZE, barHeight=QR_SIZE)
    drawing = Drawing(QR_SIZE, QR_SIZE)
    drawing.add(widget)
    draw_drawing(drawing, canvas, QR_X, QR_Y)
    text_width = QR_X - MARGIN - 8 * mm
    y = QR_Y + QR_SIZE - 6 * mm
    y = _lines(canvas, texts["code"].format(code=certificate.verification_code), y, bold, 12, text_width)
    y = _lines(canvas, texts["verify"], y - 3 * mm, regular, 9, text_width)
    _lines(canvas, verification_url, y, regular, 8, text_width, split_anywhere=True)


def _lines(canvas: Canvas, text: str, y: float, font: str, size: float,
           width: float = PAGE_WIDTH - 2 * MARGIN, x: float = MARGIN, split_anywhere: bool = False) -> float:
    """Draws text wrapped to `width` from baseline y down; returns the baseline below its last line."""
    canvas.setFont(font, size)
    lines = _split_anywhere(text, font, size, width) if split_anywhere else simpleSplit(text, font, size, width)
    for line in lines:
        canvas.drawString(x, y, line)
        y -= size * 1.3
    return y


def _split_anywhere(text: str, font: str, size: float, width: float) -> list[str]:
    """An address has no spaces to wrap at: cut it where the line is full."""
    lines, line = [], ""
    for character in text:
        if line and pdfmetrics.stringWidth(line + character, font, size) > width:
            lines.append(line)
            line = ""
        line += character
    return [*lines, line] if line else lines
