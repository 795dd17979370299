"""The certificate PDF read back as a reader would: its text through pdftotext, its metadata
through pdfinfo, and its QR code as pixels (pdftoppm) compared with reportlab's own encoding of
the verification address."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pix_certification.adapters import certificate_pdf
from pix_certification.adapters.certificate_pdf import render_certificate
from pix_certification.domain.certificates import (
    CertificateView,
    CertifiedCompetence,
    Holder,
    InvalidCertificate,
    certified_competences,
)
from pix_contracts.framework import COMPETENCE_CODES
from reportlab.graphics.barcode.qr import QrCodeWidget

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (Debian's poppler-utils) is missing: run deploy/local/setup.sh")

CODE = "P-2346789B"
URL = f"https://pix.example/certificats/verifier?code={CODE}"
LEVELS = {code: index % 4 for index, code in enumerate(COMPETENCE_CODES)}  # 0 = not certified


def certificate(**changes) -> CertificateView:
    competences = tuple(CertifiedCompetence(code, f"Compétence numéro {code}", level, area_title=f"Domaine {code[0]}")
                        for code, level in LEVELS.items())
    view = CertificateView(CODE, 312, date(2026, 3, 14), "Lycée Émile-Zola", competences[::-1],
                           Holder("Łucja", "Søren-Straße"))
    return replace(view, **changes)


def text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def info_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_the_text_shows_holder_date_center_pix_code_and_address(tmp_path):
    text = text_of(render_certificate(certificate(), URL), tmp_path)
    assert "Certificat Pix" in text
    assert "Łucja Søren-Straße" in text  # letters outside Latin-1, in the embedded DejaVu font
    assert "14 mars 2026" in text and "Lycée Émile-Zola" in text
    assert "Pix certifiés : 312" in text
    assert f"Code de vérification : {CODE}" in text and URL in text


def test_each_competence_shows_its_certified_level_in_framework_order(tmp_path):
    lines = text_of(render_certificate(certificate(), URL), tmp_path).splitlines()
    rows = [line for line in lines if "Compétence numéro" in line]
    assert [row.split()[0] for row in rows] == list(COMPETENCE_CODES)
    for row, (code, level) in zip(rows, LEVELS.items(), strict=True):
        assert row.rstrip().endswith(f"Niveau {level}" if level else "Non certifiée"), (code, row)


def test_english_texts(tmp_path):
    text = text_of(render_certificate(certificate(), URL, lang="en"), tmp_path)
    assert "Pix certificate" in text and "Certified pix: 312" in text and "14 March 2026" in text
    assert f"Verification code: {CODE}" in text and "Not certified" in text and "Level 3" in text
    assert "Niveau" not in text


def test_an_anonymized_certificate_keeps_the_figures_without_the_names(tmp_path):
    pdf = render_certificate(certificate(holder=None), URL)
    text = text_of(pdf, tmp_path)
    assert "Łucja" not in text and "Søren" not in text and "Titulaire anonymisé" in text
    assert "Pix certifiés : 312" in text and CODE in text and "Niveau 3" in text
    title = next(line for line in info_of(pdf, tmp_path).splitlines() if line.startswith("Title:"))
    assert title.split(":", 1)[1].strip() == "Certificat Pix"  # no name in the metadata either


def test_metadata_title_author_and_language(tmp_path):
    pdf = render_certificate(certificate(), URL, lang="en")
    info = info_of(pdf, tmp_path)
    assert "Title:           Pix certificate — Łucja Søren-Straße" in info
    assert "Author:          Pix" in info and "(A4)" in info and "Pages:           1" in info
    assert b"/Lang (en-GB)" in pdf and b"/DisplayDocTitle true" in pdf


def test_the_qr_code_printed_is_the_verification_address(tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(render_certificate(certificate(), URL))
    dpi = 300
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    width, pixels = _pgm(tmp_path / "page.pgm")
    qr = QrCodeWidget(URL, barLevel=certificate_pdf.QR_LEVEL).qr
    qr.make()
    count = qr.getModuleCount()
    box = certificate_pdf.QR_SIZE / count
    top = certificate_pdf.QR_Y + certificate_pdf.QR_SIZE  # PDF points from the page's bottom

    def dark(row: int, column: int) -> bool:
        x = (certificate_pdf.QR_X + (column + 0.5) * box) * dpi / 72
        y = (certificate_pdf.PAGE_HEIGHT - top + (row + 0.5) * box) * dpi / 72
        return pixels[int(y) * width + int(x)] < 128

    printed = [[dark(row, column) for column in range(count)] for row in range(count)]
    assert printed == [[bool(qr.isDark(row, column)) for column in range(count)] for row in range(count)]
    other = QrCodeWidget(URL.replace(CODE, "P-BBBBBBBB"), barLevel=certificate_pdf.QR_LEVEL).qr
    other.make()
    assert printed != [[bool(other.isDark(r, c)) for c in range(count)] for r in range(count)]  # the check can fail


def test_without_dejavu_helvetica_still_prints_the_figures(tmp_path, monkeypatch):
    monkeypatch.setattr(certificate_pdf, "FONT_DIRECTORY", tmp_path / "no-fonts")
    text = text_of(render_certificate(certificate(holder=Holder("Zoé", "Müller")), URL), tmp_path)
    assert "Zoé Müller" in text and CODE in text and "Niveau 3" in text


@pytest.mark.parametrize("changes", [
    {"verification_code": "P-2346789A"},  # A is not in the alphabet
    {"verification_code": "P-2346789"},
    {"certified_pix": -1},
    {"competences": (CertifiedCompetence("6.1", "?", 1),)},
    {"competences": (CertifiedCompetence("1.1", "?", 9),)},
    {"competences": (CertifiedCompetence("1.1", "?", 1), CertifiedCompetence("1.1", "?", 2))},
])
def test_a_view_no_scoring_could_produce_is_refused(changes):
    with pytest.raises(InvalidCertificate):
        certificate(**changes)


def _pgm(path: Path) -> tuple[int, bytes]:
    """Width and gray bytes of a binary PGM (P5) as pdftoppm writes it: a header of three
    whitespace-separated numbers after the magic, then one byte a pixel."""
    data = path.read_bytes()
    fields, position = [], 2
    while len(fields) < 3:
        while data[position:position + 1].isspace():
            position += 1
        start = position
        while not data[position:position + 1].isspace():
            position += 1
        fields.append(int(data[start:position]))
    return fields[0], data[position + 1:]


def test_the_framework_titles_are_printed_in_the_certificate_language(tmp_path):
    rows = certified_competences({"1.1": 3, "4.2": 0})
    assert [(row.code, row.title, row.area_title) for row in rows] == [
        ("1.1", "Mener une recherche et une veille d'information", "Information et données"),
        ("4.2", "Protéger les données personnelles et la vie privée", "Protection et sécurité")]
    text = " ".join(text_of(render_certificate(certificate(competences=rows), URL), tmp_path).split())
    assert "Mener une recherche et une veille d'information" in text and "Information et données" in text
    english = certified_competences({"1.1": 3}, lang="en")
    assert english[0].title == "Searching and monitoring information"
    assert english[0].area_title == "Information and data"
