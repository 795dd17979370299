"""The certification centers' pages against certification's fake (center_fake), served over
loopback like the real service: the public page and "my centers", the accreditation request
(errors next to their fields, the service's codes in words, the confirmation), a center's
space (members, invitations, roles, the last admin kept, sessions, creating one), the mailed
invitation, a session's page (details, codes, candidates added one by one with their problems
per field, removed, the templates streamed, the multipart import and its refused lines, the
finalization), the refusals (signed out, not a member), English, and plain HTML forms only."""
from __future__ import annotations

import io
import re
import uuid

import pytest

from .center_fake import TEMPLATE, fake_certification
from .conftest import served, web_browser
from .sharing_pages import account, csrf, follow, post, sign_in, text
from .test_admin_page import fake_admin_identity


@pytest.fixture(scope="module")
def services():
    identity = fake_admin_identity()
    with served(identity, fake_certification(identity)) as apps:
        yield apps


@pytest.fixture
def identity(services):
    return services[0]


@pytest.fixture
def cert(services):
    fake = services[1]
    fake.config["ANSWERS"] = {}
    for state in (fake.calls, fake.centers, fake.members, fake.invitations, fake.sessions, fake.requests,
                  fake.certificates):
        state.clear()
    return fake


@pytest.fixture
def browser(services, cert):
    return web_browser({"identity": services[0].url, "certification": cert.url})


@pytest.fixture
def center(cert):
    return cert.add_center()


@pytest.fixture
def admin(identity, cert, center, browser):
    """The center's admin, signed in."""
    user = account(identity, first="Ada", last="Min")
    cert.members[center["id"]][user["id"]] = "ADMIN"
    sign_in(browser, user)
    return user


def calls(fake, method: str, path: str) -> list:
    return [c for c in fake.calls if c[0] == method and c[1] == path]


def english(browser) -> None:
    browser.set_cookie("pix_lang", "en")


def space_path(center) -> str:
    return f"/centres-de-certification/{center['id']}"


def no_script_but_pix_js(page: str) -> None:
    """Every page works without a script: the only one is the enhancing pix.js, and every form
    is a plain HTML form (POST ones carry the CSRF token)."""
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/pix.js" defer>']
    assert " on" not in re.sub(r'"[^"]*"', '""', " ".join(re.findall(r"<[^>]+>", page))).replace(" only", "")
    for form in re.findall(r"<form[^>]*>.*?</form>", page, re.S):
        if 'method="post"' in form:
            assert 'name="csrf_token"' in form


# --- the public page -------------------------------------------------------------------------

def test_signed_out_the_page_says_what_a_center_is_and_links_the_request_without_asking_certification(
        browser, cert):
    answer = browser.get("/centres-de-certification")
    page = text(answer)
    assert answer.status_code == 200
    assert "Un centre de certification est un établissement" in page
    assert '<a class="button" href="/centres-de-certification/demande">Je veux que mon établissement propose ' \
           'la certification Pix</a>' in page
    assert 'href="/connexion?next=/centres-de-certification"' in page
    assert '<a class="audience" href="/centres-de-certification" aria-current="page">' in page
    assert 'href="/certificats/verification"' in page
    assert cert.calls == []
    no_script_but_pix_js(page)


def test_signed_in_my_centers_link_to_their_space(browser, cert, admin, center):
    cert.add_center("Ailleurs")  # not hers
    page = text(browser.get("/centres-de-certification"))
    assert f'<a href="{space_path(center)}">Lycée Condorcet</a> — Établissement scolaire · Administrateur' in page
    assert "Ailleurs" not in page


def test_no_center_says_how_to_join_one(browser, identity, cert):
    sign_in(browser, account(identity))
    assert "Vous n'êtes membre d'aucun centre de certification." in text(browser.get("/centres-de-certification"))


def test_my_centers_away_the_page_still_shows(browser, identity, cert):
    sign_in(browser, account(identity))
    cert.config["ANSWERS"]["GET /api/certification/me/centers"] = (503, {"code": "SERVICE_UNAVAILABLE"})
    answer = browser.get("/centres-de-certification")
    assert answer.status_code == 200 and "La liste de vos centres est momentanément indisponible." in text(answer)


# --- the accreditation request -----------------------------------------------------------------

REQUEST = {"institutionName": "Lycée Voltaire", "institutionType": "SCHOOL", "institutionAddress": "1 rue V, Lyon",
           "contactName": "Jeanne Dupont", "contactEmail": "jeanne@example.fr", "contactPhone": "01 23 45 67 89",
           "requestMessage": "Nous voulons\nproposer la certification."}


def test_the_request_form_labels_every_field(browser):
    page = text(browser.get("/centres-de-certification/demande"))
    assert "<h1>Je veux que mon établissement propose la certification Pix</h1>" in page
    for name, label in (("institutionName", "Nom de l'établissement"), ("contactEmail", "Adresse e-mail du contact"),
                        ("requestMessage", "Votre message")):
        assert f'<label for="{name}">{label}' in page
    assert '<option value="PUBLIC_DIGITAL_SPACE">Espace public numérique</option>' in page
    assert '<label for="contactPhone">Téléphone du contact (facultatif)</label>' in page
    no_script_but_pix_js(page)


def test_a_request_sent_anonymously_leads_to_the_confirmation(browser, cert):
    answer = post(browser, "/centres-de-certification/demande", **REQUEST)
    assert answer.status_code == 303 and answer.location == "/centres-de-certification/demande/envoyee"
    (sent,) = calls(cert, "POST", "/api/certification/accreditation-requests")
    assert sent[3] == {"institutionName": "Lycée Voltaire", "institutionType": "SCHOOL", "address": "1 rue V, Lyon",
                       "contactName": "Jeanne Dupont", "contactEmail": "jeanne@example.fr",
                       "phone": "01 23 45 67 89", "message": "Nous voulons\nproposer la certification."}
    assert sent[5] is False  # no token: the request needs no account
    page = text(browser.get(answer.location))
    assert "Votre demande d'agrément a bien été envoyée." in page


def test_a_request_with_missing_fields_shows_each_error_next_to_its_field_without_calling(browser, cert):
    answer = post(browser, "/centres-de-certification/demande", institutionName="Lycée", contactPhone="")
    page = follow(browser, answer, "/centres-de-certification/demande")
    assert page.status_code == 422
    shown = text(page)
    assert shown.count('<p class="field-error"') == 5
    assert re.search(r'<a href="#contactEmail">Adresse e-mail du contact : Ce champ est obligatoire.</a>', shown)
    assert 'id="contactEmail" name="contactEmail"' in shown and 'aria-describedby=" contactEmail-error-1"' in shown
    assert 'value="Lycée"' in shown  # what was typed is kept
    assert calls(cert, "POST", "/api/certification/accreditation-requests") == []


def test_the_service_codes_are_shown_in_words_next_to_their_fields(browser, cert):
    refused = post(browser, "/centres-de-certification/demande", **{**REQUEST, "contactPhone": "appelez-moi"})
    page = text(follow(browser, refused, "/centres-de-certification/demande"))
    assert '<p class="field-error" id="contactPhone-error-1">Le numéro de téléphone n\'est pas valide.</p>' in page


def test_the_request_form_in_english(browser, cert):
    english(browser)
    page = text(follow(browser, post(browser, "/centres-de-certification/demande"),
                       "/centres-de-certification/demande"))
    assert "<h1>I want my institution to offer the Pix certification</h1>" in page
    assert "Institution's name : This field is required." in page or "Institution's name: This field is required." \
        in page


# --- a center's space --------------------------------------------------------------------------

def test_a_member_sees_the_center_its_members_and_sessions(browser, identity, cert, center):
    user = account(identity)
    cert.members[center["id"]][user["id"]] = "MEMBER"
    session = cert.add_session(center["id"])
    sign_in(browser, user)
    page = text(browser.get(space_path(center)))
    assert "<h1>Lycée Condorcet</h1>" in page and "8 rue du Havre, Paris" in page
    assert "Établissement scolaire · Votre rôle : Membre" in page
    link = f'<a href="/sessions-de-certification/{session["id"]}">Voir la session du 14 décembre 2026 à 09:30</a>'
    assert link in page
    assert user["id"] in page
    assert "Inviter un membre" not in page and "Retirer" not in page  # admins only
    assert 'action="/centres-de-certification/' in page and "Créer la session" in page
    no_script_but_pix_js(page)


def test_a_member_leaves_the_center(browser, identity, cert, center):
    user = account(identity)
    cert.members[center["id"]][user["id"]] = "MEMBER"
    sign_in(browser, user)
    page = text(browser.get(space_path(center)))
    assert f'<span class="code">{user["id"]}</span> (vous)' in page
    assert f'action="{space_path(center)}/membres/{user["id"]}/retrait"' in page and "Quitter le centre" in page
    answer = post(browser, f"{space_path(center)}/membres/{user['id']}/retrait")
    assert answer.status_code == 303 and answer.location == "/centres-de-certification?info=left"
    assert user["id"] not in cert.members[center["id"]]
    assert "Vous avez quitté le centre de certification." in text(browser.get(answer.location))


def test_an_admin_sees_the_invitations_and_the_member_forms(browser, cert, admin, center):
    cert.invite(center["id"], "zoe@example.fr", "MEMBER")
    page = text(browser.get(space_path(center)))
    assert "<th scope=\"row\">zoe@example.fr</th>" in page
    assert f'action="/centres-de-certification/{center["id"]}/membres/{admin["id"]}/role"' in page
    assert "Inviter un membre" in page


def test_not_a_member_is_the_services_404(browser, identity, cert, center):
    sign_in(browser, account(identity))
    answer = browser.get(space_path(center))
    assert answer.status_code == 404
    assert "Ce centre de certification n'existe pas ou vous n'en êtes pas membre." in text(answer)


def test_signed_out_the_space_asks_to_sign_in_and_comes_back(browser, cert, center):
    answer = browser.get(space_path(center))
    assert answer.status_code == 303
    assert answer.location == f"/connexion?info=required&next={space_path(center)}"
    assert cert.calls == []


def test_a_bad_id_is_a_404_without_a_call(browser, cert, admin):
    assert browser.get("/centres-de-certification/NOT_AN_ID").status_code == 404
    assert cert.calls == [] or all("NOT_AN_ID" not in c[1] for c in cert.calls)


def test_an_invitation_with_a_bad_address_is_refused_next_to_the_field(browser, cert, admin, center):
    answer = post(browser, f"{space_path(center)}/membres/invitation", email="pas-une-adresse", role="MEMBER")
    page = text(follow(browser, answer, space_path(center)))
    assert '<p class="field-error" id="email-error-1">L\'adresse e-mail n\'est pas valide.</p>' in page
    assert calls(cert, "POST", f"/api/certification/centers/{center['id']}/invitations") == []


def test_an_invitation_is_sent_with_its_role(browser, cert, admin, center):
    answer = post(browser, f"{space_path(center)}/membres/invitation", email="zoe@example.fr", role="ADMIN")
    assert answer.status_code == 303 and answer.location == f"{space_path(center)}?info=invited"
    (sent,) = calls(cert, "POST", f"/api/certification/centers/{center['id']}/invitations")
    assert sent[3] == {"email": "zoe@example.fr", "role": "ADMIN"}
    assert "L'invitation a été envoyée." in text(browser.get(answer.location))


def test_roles_change_and_the_last_admin_is_kept(browser, identity, cert, admin, center):
    other = account(identity, first="Bob")
    cert.members[center["id"]][other["id"]] = "MEMBER"
    answer = post(browser, f"{space_path(center)}/membres/{other['id']}/role", role="ADMIN")
    assert answer.location == f"{space_path(center)}?info=role" and cert.members[center["id"]][other["id"]] == "ADMIN"
    post(browser, f"{space_path(center)}/membres/{other['id']}/retrait")
    assert other["id"] not in cert.members[center["id"]]
    refused = post(browser, f"{space_path(center)}/membres/{admin['id']}/role", role="MEMBER")
    page = follow(browser, refused, space_path(center))
    assert page.status_code == 409
    assert "Le centre doit garder au moins un administrateur." in text(page)


def test_creating_a_session_checks_its_fields_then_shows_its_codes(browser, cert, admin, center):
    refused = post(browser, f"{space_path(center)}/sessions", sessionAddress="8 rue du Havre", sessionDate="14/12/2026")
    page = text(follow(browser, refused, space_path(center)))
    assert '<p class="field-error" id="sessionDate-error-1">Saisissez la date au format AAAA-MM-JJ.</p>' in page
    assert '<a href="#sessionRoom">Salle : Ce champ est obligatoire.</a>' in page
    assert calls(cert, "POST", f"/api/certification/centers/{center['id']}/sessions") == []
    answer = post(browser, f"{space_path(center)}/sessions", sessionAddress="8 rue du Havre", sessionRoom="B12",
                  sessionExaminer="M. Surveillant", sessionDate="2026-12-14", sessionTime="09:30",
                  sessionDescription="Première session")
    (sent,) = calls(cert, "POST", f"/api/certification/centers/{center['id']}/sessions")
    assert sent[3] == {"address": "8 rue du Havre", "room": "B12", "examiner": "M. Surveillant",
                       "date": "2026-12-14", "time": "09:30", "description": "Première session"}
    assert answer.status_code == 303 and re.fullmatch(r"/sessions-de-certification/[0-9a-f-]+\?info=created",
                                                      answer.location)
    shown = text(browser.get(answer.location))
    assert "La session est créée. Notez son code d'accès et le mot de passe du surveillant." in shown
    assert '<strong class="code" id="access-code">KX7P2Q</strong>' in shown
    assert '<strong class="code" id="invigilator-password">8Z3M6TQA</strong>' in shown


# --- the invitation's link -----------------------------------------------------------------------

def test_the_invitation_link_needs_signing_in_then_joins_the_center(browser, identity, cert, center):
    invitation = cert.invite(center["id"], "new@example.fr", "MEMBER")
    link = f"/centres-de-certification/invitations/{invitation['id']}?token={invitation['token']}"
    answer = browser.get(link)
    assert answer.status_code == 303 and answer.location.startswith("/connexion?info=required&next=")
    user = account(identity)
    sign_in(browser, user)
    page = text(browser.get(link))
    assert "Vous êtes invité à rejoindre le centre de certification Lycée Condorcet en tant que membre." in page
    no_script_but_pix_js(page)
    joined = post(browser, f"/centres-de-certification/invitations/{invitation['id']}", token=invitation["token"])
    assert joined.status_code == 303 and joined.location == f"{space_path(center)}?info=joined"
    assert cert.members[center["id"]][user["id"]] == "MEMBER"
    assert "Vous avez rejoint le centre de certification." in text(browser.get(joined.location))
    used = post(browser, f"/centres-de-certification/invitations/{invitation['id']}", token=invitation["token"])
    assert used.status_code == 409 and "Cette invitation a déjà été utilisée." in text(used)


def test_an_invitation_link_without_its_token_says_so(browser, identity, cert):
    sign_in(browser, account(identity))
    answer = browser.get(f"/centres-de-certification/invitations/{uuid.uuid4()}")
    assert answer.status_code == 404 and "ouvrez-le depuis l'e-mail reçu" in text(answer)


# --- a session's page --------------------------------------------------------------------------

@pytest.fixture
def session(cert, center):
    session = cert.add_session(center["id"])
    cert.add_candidate(session, extraTimePercentage=33, joined=True, exam="started")
    cert.add_candidate(session, lastName="Martin", firstName="Paul")
    return session


def session_path(session) -> str:
    return f"/sessions-de-certification/{session['id']}"


def test_the_session_page_shows_its_details_codes_and_candidates(browser, cert, admin, session):
    page = text(browser.get(session_path(session)))
    assert "<h1>Session du 14 décembre 2026 à 09:30</h1>" in page
    assert 'id="sessionRoom" name="sessionRoom" type="text" required\n         value="B12"' in page
    assert '<strong class="code" id="access-code">KX7P2Q</strong>' in page
    assert "<th scope=\"row\">Durand</th><td>Élise</td><td>17 mai 2008</td>" in page
    assert "<td>33 %</td>" in page and "Test en cours" in page and "Pas encore arrivé" in page
    for label in ("Nom de naissance", "Code postal de naissance", "Tarification", "Besoins d'accessibilité",
                  "E-mail du destinataire des résultats", "Identifiant externe", "Temps majoré (en %)",
                  "Code de prépaiement", "Pays de naissance", "Commune de naissance", "Sexe"):
        assert f">{label}" in page, label
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    assert 'href="/sessions-de-certification/modele-de-liste.xlsx"' in page
    assert 'href="/sessions-de-certification/modele-de-liste.ods"' in page
    assert '<option value="image_not_displaying">Image non affichée (dans une question)</option>' in page
    no_script_but_pix_js(page)


def test_the_session_of_another_center_is_a_404(browser, identity, cert, session):
    sign_in(browser, account(identity))
    answer = browser.get(session_path(session))
    assert answer.status_code == 404 and "Cette session n'existe pas ou vous n'y avez pas accès." in text(answer)


def test_details_are_saved(browser, cert, admin, session):
    answer = post(browser, f"{session_path(session)}/informations", sessionAddress="Ailleurs", sessionRoom="C3",
                  sessionExaminer="Mme X", sessionDate="2026-12-15", sessionTime="14:00")
    assert answer.location == f"{session_path(session)}?info=saved"
    (sent,) = calls(cert, "PATCH", f"/api/certification/sessions/{session['id']}")
    assert sent[3]["room"] == "C3" and sent[3]["date"] == "2026-12-15"
    assert "Les informations de la session sont enregistrées." in text(browser.get(answer.location))


def test_a_candidate_refused_shows_each_problem_next_to_its_field(browser, cert, admin, session):
    answer = post(browser, f"{session_path(session)}/candidats", candidateLastName="Nouveau",
                  candidateExtraTimePercentage="150")
    page = follow(browser, answer, session_path(session))
    assert page.status_code == 422
    shown = text(page)
    assert '<p class="field-error" id="candidateFirstName-error-1">Ce champ est obligatoire.</p>' in shown
    assert ('<p class="field-error" id="candidateExtraTimePercentage-error-1">Cette valeur est hors des limites'
            in shown)
    assert '<a href="#candidateBirthDate">Date de naissance : Ce champ est obligatoire.</a>' in shown
    assert 'value="Nouveau"' in shown


def test_a_candidate_is_added_with_every_field_in_camel_case(browser, cert, admin, session):
    fields = {"candidateLastName": "Nouveau", "candidateFirstName": "Né", "candidateSex": "F",
              "candidateBirthDate": "2007-01-31", "candidateBirthCity": "Lyon", "candidateBirthPostalCode": "69001",
              "candidateBirthCountry": "France", "candidateEmail": "ne@example.fr",
              "candidateResultRecipientEmail": "", "candidateExternalId": "E-1", "candidateExtraTimePercentage": "10",
              "candidateBillingMode": "prepaid", "candidatePrepaymentCode": "PRE-1",
              "candidateAccessibilityNeeds": "Lecteur d'écran"}
    answer = post(browser, f"{session_path(session)}/candidats", **fields)
    assert answer.location == f"{session_path(session)}?info=added"
    assert cert.last_candidate == {"lastName": "Nouveau", "firstName": "Né", "sex": "F", "birthDate": "2007-01-31",
                                   "birthCity": "Lyon", "birthPostalCode": "69001", "birthCountry": "France",
                                   "email": "ne@example.fr", "resultRecipientEmail": None, "externalId": "E-1",
                                   "extraTimePercentage": "10", "billingMode": "prepaid",
                                   "prepaymentCode": "PRE-1", "accessibilityNeeds": "Lecteur d'écran"}
    assert "Le candidat est inscrit." in text(browser.get(answer.location))


def test_a_candidate_is_removed(browser, cert, admin, session):
    candidate_id = next(iter(session["candidates"]))
    answer = post(browser, f"{session_path(session)}/candidats/{candidate_id}/retrait")
    assert answer.location == f"{session_path(session)}?info=removed" and candidate_id not in session["candidates"]


def test_the_templates_are_streamed_as_downloads(browser, cert, admin):
    answer = browser.get("/sessions-de-certification/modele-de-liste.ods")
    assert answer.status_code == 200 and answer.data == TEMPLATE
    assert answer.headers["Content-Disposition"] == 'attachment; filename="liste-candidats.ods"'
    assert browser.get("/sessions-de-certification/modele-de-liste.pdf").status_code == 404


def upload(browser, session, content: bytes, name: str = "liste.xlsx", token: str | None = None):
    return browser.post(f"{session_path(session)}/import", content_type="multipart/form-data",
                        data={"csrf_token": token or csrf(browser), "candidatesFile": (io.BytesIO(content), name)})


def test_an_import_sends_the_file_as_base64_from_a_multipart_form(browser, cert, admin, session):
    content = b"\x00\x01" * 20_000  # 40 kB
    answer = upload(browser, session, content, "dossier/liste.xlsx")
    assert answer.status_code == 303 and answer.location == f"{session_path(session)}?info=imported", text(answer)
    assert cert.last_import == ("liste.xlsx", content)
    assert "La liste des candidats est importée." in text(browser.get(answer.location))


def test_a_2_mb_list_passes_the_gateway_and_a_larger_body_does_not(browser, cert, admin, session):
    answer = upload(browser, session, b"x" * (2 * 1024 * 1024 - 1024))  # this form's own limit, not 64 KiB
    assert answer.status_code == 303
    assert upload(browser, session, b"x" * (2 * 1024 * 1024 + 128 * 1024)).status_code == 413


def test_a_multipart_form_without_the_csrf_token_is_refused(browser, cert, admin, session):
    answer = upload(browser, session, b"x", token="forged")
    assert answer.status_code == 400
    assert calls(cert, "POST", f"/api/certification/sessions/{session['id']}/candidates/import") == []


def test_an_import_refused_lists_every_bad_line_in_words(browser, cert, admin, session):
    page = follow(browser, upload(browser, session, b"bad lines"), session_path(session))
    assert page.status_code == 422
    shown = re.sub(r">\s+<", "><", text(page))
    assert "La liste n'a pas été importée : corrigez les lignes signalées et importez-la de nouveau." in shown
    assert ('<tr><th scope="row">1</th><td>Tarification</td><td>Cette colonne manque dans l\'en-tête du fichier.'
            '</td></tr>') in shown
    assert '<tr><th scope="row">3</th><td>Date de naissance</td><td>Cette date n\'existe pas.</td></tr>' in shown
    assert "<td>Sexe</td><td>Cette valeur n'est pas dans la liste" in shown
    assert "Ce candidat figure déjà plus haut dans le fichier. (comme la ligne 3)" in shown


def test_an_import_refused_in_english(browser, cert, admin, session):
    english(browser)
    shown = text(follow(browser, upload(browser, session, b"bad lines"), session_path(session)))
    assert "This date does not exist." in shown and "<td>Birth date</td>" in shown
    assert "The list was not imported: correct the lines shown and import it again." in shown


def test_an_import_without_a_file_or_of_another_kind_is_refused_next_to_the_field(browser, cert, admin, session):
    shown = text(follow(browser, upload(browser, session, b"", ""), session_path(session)))
    assert '<p class="field-error" id="candidatesFile-error-1">Choisissez le fichier à importer.</p>' in shown
    shown = text(follow(browser, upload(browser, session, b"%PDF", "liste.pdf"), session_path(session)))
    assert '<p class="field-error" id="candidatesFile-error-1">Importez un fichier .ods, .xlsx ou .csv.</p>' in shown


def test_an_import_over_2_mb_is_refused_before_the_service(browser, cert, admin, session):
    from pix_gateway.web import center_session_views
    limit = center_session_views.MAX_FILE_BYTES
    center_session_views.MAX_FILE_BYTES = 10
    try:
        shown = text(follow(browser, upload(browser, session, b"x" * 11), session_path(session)))
    finally:
        center_session_views.MAX_FILE_BYTES = limit
    assert "Le fichier dépasse 2 Mo." in shown
    assert calls(cert, "POST", f"/api/certification/sessions/{session['id']}/candidates/import") == []


def test_an_in_challenge_incident_needs_its_question(browser, cert, admin, session):
    candidate_id = next(iter(session["candidates"]))
    answer = post(browser, f"{session_path(session)}/finalisation", **{
        "finalCandidate-1": candidate_id, "finalCategory-1": "site_blocked"})
    shown = text(follow(browser, answer, session_path(session)))
    assert ('<p class="field-error" id="finalChallenge-1-error-1">Indiquez la question concernée par ce problème.</p>'
            in shown)
    assert '<a href="#finalChallenge-1">Identifiant de la question 1 : Indiquez la question' in shown
    assert calls(cert, "POST", f"/api/certification/sessions/{session['id']}/finalization") == []


def test_the_finalization_sends_absents_and_incidents_then_edits_are_closed(browser, cert, admin, session):
    first, second = session["candidates"]
    answer = post(browser, f"{session_path(session)}/finalisation", examinerComment="RAS\nsauf une panne",
                  absent=second, **{"finalCandidate-1": first, "finalCategory-1": "image_not_displaying",
                                    "finalChallenge-1": "rec123", "finalCandidate-2": first,
                                    "finalCategory-2": "fraud"})
    assert answer.location == f"{session_path(session)}?info=finalized"
    assert cert.last_finalization == {
        "examinerComment": "RAS\nsauf une panne", "absentCandidateIds": [second],
        "incidents": [{"candidateId": first, "category": "image_not_displaying", "challengeId": "rec123"},
                      {"candidateId": first, "category": "fraud", "challengeId": None}]}
    page = text(browser.get(answer.location))
    assert "La session est finalisée : ses informations et sa liste de candidats ne peuvent plus être modifiées." \
        in page
    assert "<form" not in page.partition('id="contenu"')[2].replace('<form method="post" action="/deconnexion"', "")
    assert "RAS\nsauf une panne" in page


def test_more_incident_lines_without_a_script(browser, cert, admin, session):
    page = text(browser.get(session_path(session)))
    assert 'id="finalCategory-3"' in page and 'id="finalCategory-4"' not in page
    assert f'href="{session_path(session)}?signalements=8#finalize-title"' in page
    assert 'id="finalCategory-8"' in text(browser.get(f"{session_path(session)}?signalements=8"))


def test_the_session_page_in_english(browser, cert, admin, session):
    english(browser)
    page = text(browser.get(session_path(session)))
    assert "<h1>Session of 14 December 2026 at 09:30</h1>" in page and "Invigilator password:" in page
    assert "Test in progress" in page and "Register a candidate" in page and "Finalize the session" in page


def test_signed_out_the_session_page_and_the_templates_ask_to_sign_in(browser, cert, session):
    for path in (session_path(session), "/sessions-de-certification/modele-de-liste.xlsx"):
        answer = browser.get(path)
        assert answer.status_code == 303 and answer.location == f"/connexion?info=required&next={path}"
    assert cert.calls == []


def test_a_form_sent_signed_out_goes_to_the_sign_in_page_without_a_call(browser, cert, session):
    answer = post(browser, f"{session_path(session)}/candidats", candidateLastName="X")
    assert answer.status_code == 303 and answer.location.startswith("/connexion?info=required")
    assert cert.calls == []
