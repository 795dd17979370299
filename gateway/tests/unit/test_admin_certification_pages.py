"""The platform's certification administration, /admin/certification, against certification's
fake (center_fake) and identity's with roles: CERTIF only (others get a 403 page, the
signed-out the sign-in page), the pending requests accredited or declined (the reason next to
its request's field), the sessions to publish, the links from the navigation and the admin
page, English, plain HTML forms."""
from __future__ import annotations

import pytest

from .sharing_pages import account, follow, post, sign_in, text

# the fixtures of the centers' pages: the fakes served for the module, a browser
from .test_center_pages import browser, calls, cert, english, identity, no_script_but_pix_js, services  # noqa: F401

PAGE = "/admin/certification"


@pytest.fixture
def certif(identity, browser):  # noqa: F811
    user = account(identity, "CERTIF", first="Cé", last="Certif")
    sign_in(browser, user)
    return user


@pytest.fixture
def pending(cert):  # noqa: F811
    cert.requests["r1"] = {"id": "r1", "institutionName": "Lycée Voltaire", "institutionType": "SCHOOL",
                           "address": "1 rue V, Lyon", "requestedAt": "2026-12-01T09:00:00Z",
                           "contactName": "Jeanne Dupont", "contactEmail": "jeanne@example.fr", "phone": None,
                           "message": "Nous voulons proposer la certification."}
    return cert.requests["r1"]


@pytest.fixture
def processed(cert):  # noqa: F811
    center = cert.add_center("Université Lumière", "HIGHER_EDUCATION")
    return cert.add_session(center["id"], status="in_process")


def test_signed_out_the_page_asks_to_sign_in(browser, cert):  # noqa: F811
    answer = browser.get(PAGE)
    assert answer.status_code == 303 and answer.location == f"/connexion?info=required&next={PAGE}"
    assert cert.calls == []


def test_without_the_certif_role_the_page_is_refused_without_asking_certification(browser, identity, cert):  # noqa: F811
    sign_in(browser, account(identity, "SUPPORT"))
    answer = browser.get(PAGE)
    assert answer.status_code == 403
    assert "Cette page est réservée aux administrateurs de la certification (rôle CERTIF)." in text(answer)
    assert cert.calls == []
    assert 'href="/admin/certification"' not in text(browser.get("/"))


def test_the_pending_requests_and_the_sessions_to_publish(browser, cert, certif, pending, processed):  # noqa: F811
    page = text(browser.get(PAGE))
    assert '<h3 id="request-r1">Lycée Voltaire</h3>' in page
    assert "Établissement scolaire · Demandée le 1er décembre 2026 à 10 h 00" in page
    assert "Contact : Jeanne Dupont · jeanne@example.fr" in page
    assert "Nous voulons proposer la certification." in page
    assert '<th scope="row">Université Lumière</th><td>14 décembre 2026 09:30</td>' in page
    assert f'action="/admin/certification/sessions/{processed["id"]}/publication"' in page
    assert '<a class="audience" href="/admin/certification" aria-current="page">' in page
    no_script_but_pix_js(page)


def test_nothing_pending_says_so(browser, cert, certif):  # noqa: F811
    page = text(browser.get(PAGE))
    assert "Aucune demande en attente." in page and "Aucune session à publier." in page


def test_accrediting_a_request(browser, cert, certif, pending):  # noqa: F811
    answer = post(browser, f"{PAGE}/demandes/r1/decision", decision="ACCREDITED")
    assert answer.status_code == 303 and answer.location == f"{PAGE}?info=accredited"
    (sent,) = calls(cert, "PUT", "/api/certification/accreditation-requests/r1/decision")
    assert sent[3] == {"decision": "ACCREDITED", "reason": ""}
    page = text(browser.get(answer.location))
    assert "La demande est agréée : le centre est créé et son contact invité." in page
    assert "Lycée Voltaire" not in page


def test_declining_needs_a_reason_shown_next_to_that_requests_field(browser, cert, certif, pending):  # noqa: F811
    answer = post(browser, f"{PAGE}/demandes/r1/decision", decision="DECLINED", reason="  ")
    page = follow(browser, answer, PAGE)
    assert page.status_code == 422
    shown = text(page)
    assert '<p class="field-error" id="reason-r1-error-1">Indiquez la raison du refus.</p>' in shown
    assert '<a href="#reason-r1">Raison du refus : Indiquez la raison du refus.</a>' in shown
    assert 'aria-invalid="true" aria-describedby="reason-r1-error-1 "' in shown
    assert calls(cert, "PUT", "/api/certification/accreditation-requests/r1/decision") == []
    declined = post(browser, f"{PAGE}/demandes/r1/decision", decision="DECLINED", reason="Hors périmètre")
    assert declined.location == f"{PAGE}?info=declined"
    assert pending["decision"] == {"decision": "DECLINED", "reason": "Hors périmètre"}


def test_a_request_decided_already_is_said_on_the_page(browser, cert, certif, pending):  # noqa: F811
    cert.config["ANSWERS"]["PUT /api/certification/accreditation-requests/r1/decision"] = (
        409, {"code": "ACCREDITATION_REQUEST_ALREADY_DECIDED",
              "message": "Cette demande d'agrément a déjà été traitée.", "details": {}})
    page = follow(browser, post(browser, f"{PAGE}/demandes/r1/decision", decision="ACCREDITED"), PAGE)
    assert page.status_code == 409 and "Cette demande d'agrément a déjà été traitée." in text(page)


def test_publishing_a_session(browser, cert, certif, processed):  # noqa: F811
    answer = post(browser, f"{PAGE}/sessions/{processed['id']}/publication")
    assert answer.location == f"{PAGE}?info=published" and processed["status"] == "published"
    assert "Les résultats de la session sont publiés." in text(browser.get(answer.location))
    again = follow(browser, post(browser, f"{PAGE}/sessions/{processed['id']}/publication"), PAGE)
    assert again.status_code == 409
    assert "Cette étape n'est pas possible dans l'état actuel de la session." in text(again)


def test_a_certif_super_admin_finds_it_from_the_admin_page(browser, identity, cert):  # noqa: F811
    sign_in(browser, account(identity, "SUPER_ADMIN", "CERTIF"))
    page = text(browser.get("/administration"))
    assert ('<a href="/admin/certification">Administration de la certification : demandes d\'agrément et '
            'publications</a>') in page


def test_the_page_in_english(browser, cert, certif, pending):  # noqa: F811
    english(browser)
    page = text(browser.get(PAGE))
    assert "<h1>Certification administration</h1>" in page and "Pending accreditation requests" in page
    assert "Requested on 1 December 2026 at 10:00" in page and "Reason for declining" in page
