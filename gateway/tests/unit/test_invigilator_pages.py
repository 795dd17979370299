"""The invigilator's pages against exam_fake, without an account: the form (errors next to
their fields, the API's refusal), the token kept server-side per session and sent as
`Authorization: Invigilator <token>`, the live list (states, extra time, alerts, buttons),
its JSON for the script and its meta refresh without one, authorizing, ending a test after
a confirmation, recording an incident (categories in French and English, the question
required inside one), and a missing or expired token sending back to the form."""
from __future__ import annotations

import html
import re

import pytest

from .conftest import served, web_browser
from .exam_fake import CANDIDATE, CODE, OTHER, PASSWORD, SESSION, TOKEN, fake_exam, fresh_state
from .test_pages import fake_identity, sign_up

LIVE = f"/surveillant/sessions/{SESSION}"


@pytest.fixture(scope="module")
def services():
    identity = fake_identity()
    with served(identity, fake_exam(identity)) as apps:
        yield apps


@pytest.fixture
def fake(services):
    _, exam = services
    exam.state = fresh_state()
    exam.calls.clear()
    exam.config.update(ANSWERS={}, EXPIRED=False)
    return exam


@pytest.fixture
def visitor(services, fake):
    identity, exam = services
    return web_browser({"identity": identity.url, "certification": exam.url})


def text(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def csrf(client, path: str = "/surveillant") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text(client.get(path))).group(1)


def post(client, path: str, form_page: str = "/surveillant", **form):
    return client.post(path, data={**form, "csrf_token": csrf(client, form_page)})


def open_session(client):
    answer = post(client, "/surveillant", invigilationCode="ab3-de5", invigilationPassword=PASSWORD)
    assert answer.status_code == 303 and answer.location == LIVE, text(answer)
    return answer


def calls(fake, method: str, path: str) -> list:
    return [c for c in fake.calls if c[0] == method and c[1] == path]


def english(client):
    assert client.get("/langue/en?next=/").status_code in (302, 303)


# ---- the form -----------------------------------------------------------------------------

def test_the_form_needs_no_account_and_no_script(visitor, fake):
    answer = visitor.get("/surveillant")
    page = text(answer)
    assert answer.status_code == 200 and '<form method="post" action="/surveillant"' in page
    assert '<label for="invigilationCode">' in page and '<label for="invigilationPassword">' in page
    assert 'type="password"' in page and "<script>" not in page


def test_the_access_opens_with_the_code_and_password_and_keeps_the_token_server_side(visitor, fake):
    answer = open_session(visitor)
    assert TOKEN not in answer.headers.get("Set-Cookie", "")
    assert calls(fake, "POST", "/api/certification/invigilation")[0][2] == {"accessCode": CODE, "password": PASSWORD}
    page = text(visitor.get(LIVE))
    assert "Surveillance de la session" in page and TOKEN not in page
    assert calls(fake, "GET", f"/api/certification/invigilation/{SESSION}")[0][4] == f"Invigilator {TOKEN}"


def test_empty_fields_are_shown_next_to_them(visitor, fake):
    answer = post(visitor, "/surveillant", invigilationCode="", invigilationPassword="")
    shown = visitor.get(answer.location)
    page = text(shown)
    assert shown.status_code == 422 and fake.calls == []
    assert '<a href="#invigilationCode">Code d\'accès de la session : Ce champ est obligatoire.</a>' in page
    assert 'id="invigilationPassword-error-1"' in page


def test_a_wrong_password_is_the_apis_words_and_the_password_is_not_kept(visitor, fake):
    answer = post(visitor, "/surveillant", invigilationCode=CODE, invigilationPassword="wrong-one")
    shown = visitor.get(answer.location)
    page = text(shown)
    assert shown.status_code == 401 and "Le code d'accès ou le mot de passe surveillant est incorrect" in page
    assert 'value="AB3DE5"' in page and "wrong-one" not in page


def test_a_wrong_password_in_english(visitor, fake):
    english(visitor)
    answer = post(visitor, "/surveillant", invigilationCode=CODE, invigilationPassword="wrong-one")
    assert "The access code or the invigilator password is wrong" in text(visitor.get(answer.location))


# ---- the live list ------------------------------------------------------------------------

def test_without_a_token_the_list_sends_back_to_the_form_with_why(visitor, fake):
    answer = visitor.get(LIVE)
    assert answer.status_code == 303 and answer.location == "/surveillant"
    page = text(visitor.get(answer.location))
    assert "Saisissez le code d'accès et le mot de passe surveillant de la session." in page
    assert fake.calls == []


def test_the_list_shows_each_candidate_state_extra_time_alerts_and_buttons(visitor, fake):
    open_session(visitor)
    fake.state["candidates"][CANDIDATE].update(joined=True, exam="waiting")
    answer = visitor.get(LIVE)
    page = text(answer)
    tight = re.sub(r">\s+<", "><", page)
    assert answer.status_code == 200 and "Candidats de la session (2)" in page
    assert "<th scope=\"row\">Lima Ana</th><td>Oui</td><td><span class=\"state state-waiting\">En attente" in tight
    assert "+30 %" in page and "1 rue de la Paix, Paris" in page and "M. Martin" in page
    assert "&lt;b&gt;Zola&lt;/b&gt;" in answer.get_data(as_text=True)  # escaped
    assert "A quitté la page — question" in page and "rec-focus-2" in page and "2 décembre 2026 à 10 h 15" in page
    assert f'action="{LIVE}/candidats/{CANDIDATE}/autorisation"' in page
    assert "Autoriser la reprise" in page  # Zola's test is in progress
    assert f'href="{LIVE}/candidats/{OTHER}/fin"' in page and f'href="{LIVE}/candidats/{CANDIDATE}/fin"' not in page
    assert f'href="{LIVE}/incident?candidat={OTHER}&amp;epreuve=rec-focus-2"' in answer.get_data(as_text=True)


def test_the_list_refreshes_itself_with_a_meta_refresh_without_script_and_a_json_for_it(visitor, fake):
    open_session(visitor)
    page = text(visitor.get(LIVE))
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in page
    assert f'data-live-poll="{LIVE}/etat.json"' in page and "/static/exam.js" in page
    state = visitor.get(f"{LIVE}/etat.json")
    body = state.get_json()
    assert state.status_code == 200 and body["sessionId"] == SESSION
    assert [c["state"] for c in body["candidates"]] == ["started", "notJoined"]  # as the API sorts them
    assert "<table" in body["html"] and "Lima Ana" in body["html"]


def test_an_expired_token_sends_back_to_the_form_with_the_apis_message(visitor, fake):
    open_session(visitor)
    fake.config["EXPIRED"] = True
    state = visitor.get(f"{LIVE}/etat.json")
    assert state.status_code == 401 and state.get_json()["redirect"] == "/surveillant"
    assert "votre accès a expiré" in text(visitor.get("/surveillant"))
    answer = visitor.get(LIVE)  # the token is forgotten: the form again, without asking
    assert answer.status_code == 303 and answer.location == "/surveillant"


def test_a_page_expired_token_is_the_form_again(visitor, fake):
    open_session(visitor)
    fake.config["EXPIRED"] = True
    answer = visitor.get(LIVE)
    assert answer.status_code == 303 and answer.location == "/surveillant"
    assert "votre accès a expiré" in text(visitor.get(answer.location))


def test_the_token_is_kept_per_session(visitor, fake):
    open_session(visitor)
    assert visitor.get("/surveillant/sessions/another-session").status_code == 303  # no token for that one
    assert visitor.get(LIVE).status_code == 200


def test_a_signed_in_person_can_invigilate_too_and_stays_signed_in(services, fake):
    identity, exam = services
    identity.config.update(EXPIRES=600)
    browser = web_browser({"identity": identity.url, "certification": exam.url})
    assert sign_up(browser, "surv@example.fr").status_code == 303
    open_session(browser)
    page = text(browser.get(LIVE))
    assert "Surveillance de la session" in page and "Se déconnecter" in page


# ---- the actions --------------------------------------------------------------------------

def test_authorizing_a_waiting_candidate(visitor, fake):
    open_session(visitor)
    fake.state["candidates"][CANDIDATE].update(joined=True, exam="waiting")
    answer = post(visitor, f"{LIVE}/candidats/{CANDIDATE}/autorisation", form_page=LIVE)
    assert answer.status_code == 303 and answer.location == f"{LIVE}?info=authorized"
    assert calls(fake, "POST", f"/api/certification/invigilation/{SESSION}/candidates/{CANDIDATE}/authorization")[0][
        4] == f"Invigilator {TOKEN}"
    page = text(visitor.get(answer.location))
    assert "Le candidat est autorisé" in page and "Autorisé à commencer" in page


def test_a_refused_authorization_is_said_on_the_list(visitor, fake):
    open_session(visitor)
    answer = post(visitor, f"{LIVE}/candidats/{CANDIDATE}/autorisation", form_page=LIVE)  # not joined
    shown = visitor.get(answer.location)
    assert shown.status_code == 409 and "Cette étape n'est pas possible pour ce candidat maintenant." in text(shown)


def test_ending_a_test_asks_for_a_confirmation_first(visitor, fake):
    open_session(visitor)
    confirm = visitor.get(f"{LIVE}/candidats/{OTHER}/fin")
    page = text(confirm)
    assert confirm.status_code == 200 and "Mettre fin au test de <b>Zola</b> Émile ?" in page
    assert f'<form method="post" action="{LIVE}/candidats/{OTHER}/fin">' in page
    assert calls(fake, "POST", f"/api/certification/invigilation/{SESSION}/candidates/{OTHER}/end") == []
    answer = post(visitor, f"{LIVE}/candidats/{OTHER}/fin", form_page=LIVE)
    assert answer.status_code == 303 and answer.location == f"{LIVE}?info=ended"
    assert "Arrêté par le surveillant" in text(visitor.get(answer.location))


def test_ending_a_test_not_in_progress_goes_back_to_the_list(visitor, fake):
    open_session(visitor)
    answer = visitor.get(f"{LIVE}/candidats/{CANDIDATE}/fin")
    assert answer.status_code == 303 and answer.location == LIVE


def test_an_action_without_a_token_is_the_form(visitor, fake):
    answer = post(visitor, f"{LIVE}/candidats/{CANDIDATE}/autorisation")
    assert answer.status_code == 303 and answer.location == "/surveillant"


# ---- incidents ----------------------------------------------------------------------------

def test_the_incident_form_offers_the_categories_grouped_and_prefilled_from_an_alert(visitor, fake):
    open_session(visitor)
    page = text(visitor.get(f"{LIVE}/incident?candidat={OTHER}&epreuve=rec-focus-2"))
    assert '<optgroup label="Dans une question (indiquez laquelle)">' in page
    assert '<option value="image_not_displaying">L\'image ne s\'affiche pas</option>' in page
    assert '<option value="fraud">Suspicion de fraude</option>' in page
    assert f'<option value="{OTHER}" selected>' in page and 'value="rec-focus-2"' in page
    english(visitor)
    assert '<option value="fraud">Suspected fraud</option>' in text(visitor.get(f"{LIVE}/incident"))


def test_an_incident_inside_a_question_needs_the_question(visitor, fake):
    open_session(visitor)
    answer = post(visitor, f"{LIVE}/incident", form_page=LIVE, reportCandidate=OTHER,
                  reportCategory="site_blocked", reportChallenge="")
    shown = visitor.get(answer.location)
    page = text(shown)
    assert shown.status_code == 422 and 'id="reportChallenge-error-1">Indiquez la question concernée' in page
    assert '<option value="site_blocked" selected>' in page and fake.state["incidents"] == []


def test_an_incident_without_candidate_nor_category_is_refused_next_to_them(visitor, fake):
    open_session(visitor)
    page = text(visitor.get(post(visitor, f"{LIVE}/incident", form_page=LIVE).location))
    assert '<a href="#reportCandidate">' in page and '<a href="#reportCategory">' in page


def test_recording_incidents(visitor, fake):
    open_session(visitor)
    answer = post(visitor, f"{LIVE}/incident", form_page=LIVE, reportCandidate=OTHER,
                  reportCategory="unintentional_focus_out", reportChallenge="rec-focus-2")
    assert answer.status_code == 303 and answer.location == f"{LIVE}?info=incident"
    post(visitor, f"{LIVE}/incident", form_page=LIVE, reportCandidate=CANDIDATE, reportCategory="fraud",
         reportChallenge="ignored")
    assert fake.state["incidents"] == [
        {"candidateId": OTHER, "category": "unintentional_focus_out", "challengeId": "rec-focus-2"},
        {"candidateId": CANDIDATE, "category": "fraud", "challengeId": None}]
    page = text(visitor.get(answer.location))
    assert "L'incident est consigné." in page and "Incidents consignés" in page
    assert "Le candidat a quitté la page sans le vouloir" in page


def test_the_apis_refusal_of_an_incident_is_next_to_the_question(visitor, fake):
    open_session(visitor)
    fake.config["ANSWERS"] = {f"POST /api/certification/invigilation/{SESSION}/incidents": (
        422, {"code": "INCIDENT_CHALLENGE_REQUIRED", "message": "Indiquez la question concernée par ce problème.",
              "details": {}})}
    answer = post(visitor, f"{LIVE}/incident", form_page=LIVE, reportCandidate=OTHER,
                  reportCategory="accessibility", reportChallenge="x")
    assert 'id="reportChallenge-error-1">Indiquez la question concernée par ce problème.' in text(
        visitor.get(answer.location))
