"""A certificate's public verification, /certificats/verification?code=P-XXXXXXXX (the address
the certificate's QR code points to), against certification's fake: open to all, the form
alone, a certificate (holder or "anonymisé", certified pix, date, center, the competences'
certified levels by area), a code in another shape refused next to the field without a call,
an unknown code in the service's words, English, plain HTML."""
from __future__ import annotations

import re

import pytest

from .sharing_pages import text

# the fixtures of the centers' pages: the fakes served for the module, a browser
from .test_center_pages import browser, calls, cert, english, identity, no_script_but_pix_js, services  # noqa: F401

PAGE = "/certificats/verification"
CERTIFICATE = {"verificationCode": "P-2B4C6D8F", "certifiedPix": 312, "certifiedOn": "2026-12-01",
               "centerName": "Lycée Condorcet", "holder": {"firstName": "Élise", "lastName": "Durand"},
               "competences": [
                   {"code": "1.1", "title": "Mener une recherche", "areaTitle": "Information et données", "level": 3},
                   {"code": "1.2", "title": "Gérer des données", "areaTitle": "Information et données", "level": 0},
                   {"code": "2.1", "title": "Interagir", "areaTitle": "Communication et collaboration",
                    "level": 2}]}


@pytest.fixture
def certificate(cert):  # noqa: F811
    cert.certificates["P-2B4C6D8F"] = dict(CERTIFICATE)
    return cert.certificates["P-2B4C6D8F"]


def tight(page: str) -> str:
    return re.sub(r">\s+<", "><", page)


def test_the_path_and_query_are_the_qr_codes(browser, cert):  # noqa: F811
    from pix_certification.handlers import results
    assert "/certificats/verification?code={code}" in open(results.__file__, encoding="utf-8").read()
    page = text(browser.get(PAGE))
    assert '<form method="get" action="/certificats/verification" novalidate>' in page
    assert 'name="code" type="text"' in page and '<label for="verificationCode">Code de vérification</label>' in page
    assert cert.calls == []
    no_script_but_pix_js(page)


def test_anyone_sees_the_certificate_without_signing_in(browser, cert, certificate):  # noqa: F811
    answer = browser.get(f"{PAGE}?code=P-2B4C6D8F")
    assert answer.status_code == 200
    page = tight(text(answer))
    assert '<h2 id="certificate-title">Certificat P-2B4C6D8F</h2>' in page
    assert "<dt>Titulaire :</dt><dd>Élise Durand</dd>" in page
    assert "<dt>Score Pix certifié :</dt><dd>312</dd>" in page
    assert "<dt>Date de certification :</dt><dd>1er décembre 2026</dd>" in page
    assert "<dt>Centre de certification :</dt><dd>Lycée Condorcet</dd>" in page
    assert '<caption id="area-1">Niveau certifié par compétence — Information et données</caption>' in page
    assert '<th scope="row"><span class="code">1.1</span> Mener une recherche</th><td>3</td>' in page
    assert '<span class="code">1.2</span> Gérer des données</th><td>non certifiée</td>' in page
    assert '<caption id="area-2">Niveau certifié par compétence — Communication et collaboration</caption>' in page
    (asked,) = calls(cert, "GET", "/api/certification/verification/P-2B4C6D8F")
    assert asked[5] is False  # anonymous
    no_script_but_pix_js(text(answer))


def test_an_anonymized_holder(browser, cert, certificate):  # noqa: F811
    certificate["holder"] = None
    assert "<dt>Titulaire :</dt><dd>anonymisé</dd>" in tight(text(browser.get(f"{PAGE}?code=P-2B4C6D8F")))


def test_a_code_typed_in_lower_case_with_spaces_is_found(browser, cert, certificate):  # noqa: F811
    assert "Certificat P-2B4C6D8F" in text(browser.get(f"{PAGE}?code=+p-2b4c6d8f+"))


def test_a_code_in_another_shape_is_refused_next_to_the_field_without_a_call(browser, cert):  # noqa: F811
    answer = browser.get(f"{PAGE}?code=12345")
    assert answer.status_code == 422
    page = text(answer)
    assert ('<p class="field-error" id="verificationCode-error-1">Le code commence par P- suivi de 8 caractères, '
            'par exemple P-2B4C6D8F.</p>') in page
    assert '<a href="#verificationCode">Code de vérification : Le code commence par P-' in page
    assert 'value="12345" aria-invalid="true"' in page.replace("\n", " ").replace("  ", "") or \
        'aria-invalid="true"' in page
    assert cert.calls == []


def test_an_unknown_code_is_a_404_in_the_services_words(browser, cert):  # noqa: F811
    answer = browser.get(f"{PAGE}?code=P-ZZZZZZZZ")
    assert answer.status_code == 404
    assert "Aucun certificat ne correspond à ce code." in text(answer)
    assert 'id="verificationCode-error-1"' in text(answer)


def test_the_page_in_english(browser, cert, certificate):  # noqa: F811
    english(browser)
    page = tight(text(browser.get(f"{PAGE}?code=P-2B4C6D8F")))
    assert "<dt>Holder:</dt><dd>Élise Durand</dd>" in page and "<dd>1 December 2026</dd>" in page
    assert "Certified level by competence — Information et données" in page
    unknown = browser.get(f"{PAGE}?code=P-ZZZZZZZZ")
    assert "No certificate matches this code." in text(unknown)
    (asked,) = calls(cert, "GET", "/api/certification/verification/P-ZZZZZZZZ")
    assert asked[4] == "en"


def test_certification_away_is_a_503_page(services):  # noqa: F811
    from .conftest import web_browser
    away = web_browser({"identity": services[0].url, "certification": "http://127.0.0.1:9"})
    answer = away.get(f"{PAGE}?code=P-2B4C6D8F")
    assert answer.status_code == 503
