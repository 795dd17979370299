"""The candidate's certification pages against exam_fake (certification's exam and
certificates API, assessment's test routes) and test_pages' identity fake, over loopback:
joining a session (errors next to their fields, the API's words), waiting (refreshing
itself without script), "Commencer" and its refusals, the test (no correctness, the focus
warning and its report, "Signaler un problème" with and without script, the time left), the
preparation while assessment composes, the end, the certificates and their PDF; signed out,
English, and the plain HTML forms that need no script."""
from __future__ import annotations

import html
import re
import uuid

import pytest

from .conftest import served, web_browser
from .exam_fake import CERTIFICATE, CODE, COURSE, SESSION, fake_exam, fresh_state
from .test_pages import fake_identity, sign_up

SESSION_PAGE = f"/certification/sessions/{SESSION}"
EXAM_PAGE = f"/certification/epreuve/{COURSE}?session={SESSION}"


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
    exam.config.update(ANSWERS={}, NOT_ELIGIBLE=False)
    return exam


def browser_for(services, sign: bool = True):
    identity, exam = services
    identity.config.update(EXPIRES=600)
    browser = web_browser({"identity": identity.url, "certification": exam.url, "assessment": exam.url})
    if sign:
        assert sign_up(browser, f"{uuid.uuid4().hex[:10]}@example.fr").status_code == 303
    return browser


@pytest.fixture
def browser(services, fake):
    return browser_for(services)


def text(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def csrf(client, path: str = "/certification/rejoindre") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text(client.get(path))).group(1)


def post(client, path: str, form_page: str = "/certification/rejoindre", **form):
    return client.post(path, data={**form, "csrf_token": csrf(client, form_page)})


def calls(fake, method: str, path: str) -> list:
    return [c for c in fake.calls if c[0] == method and c[1] == path]


def join(browser, **changes):
    form = {"joinCode": "ab3 de5", "lastName": "LIMA", "firstName": "Ana", "joinBirthDate": "21/03/2008", **changes}
    return post(browser, "/certification/rejoindre", **form)


def english(browser):
    assert browser.get("/langue/en?next=/").status_code in (302, 303)


# ---- signed out, the certification page ---------------------------------------------------

@pytest.mark.parametrize("path", ["/certification/rejoindre", SESSION_PAGE, EXAM_PAGE, "/certification/certificats",
                                  f"/certification/certificats/{CERTIFICATE}",
                                  f"/certification/certificats/{CERTIFICATE}/pdf"])
def test_signed_out_every_candidate_page_asks_to_sign_in_and_comes_back(services, fake, path):
    answer = browser_for(services, sign=False).get(path)
    assert answer.status_code == 303 and answer.location.startswith("/connexion?info=required&next=")
    assert fake.calls == []


def test_the_certification_page_links_to_joining_and_stays_signed_out_for_a_visitor_with_a_session(services, fake):
    visitor = browser_for(services, sign=False)
    visitor.get("/surveillant")  # a visitor's web session (its CSRF token), not a sign-in
    answer = visitor.get("/certification")
    assert answer.status_code == 200 and 'href="/certification/rejoindre"' in text(answer)
    assert "Connectez-vous pour savoir si vous pouvez la passer" in text(answer)


# ---- joining ------------------------------------------------------------------------------

def test_joining_sends_the_clean_code_and_the_iso_birth_date_then_shows_the_session(browser, fake):
    answer = join(browser)
    assert answer.status_code == 303 and answer.location == f"{SESSION_PAGE}?info=joined"
    body = calls(fake, "POST", "/api/certification/joins")[0][2]
    assert body == {"accessCode": CODE, "lastName": "LIMA", "firstName": "Ana", "birthDate": "2008-03-21"}
    page = text(browser.get(answer.location))
    assert "Vous avez rejoint la session." in page and "Attendez que le surveillant vous autorise" in page


def test_the_join_form_is_plain_html_with_labels_and_hints(browser, fake):
    page = text(browser.get("/certification/rejoindre"))
    assert '<form method="post" action="/certification/rejoindre"' in page and 'name="csrf_token"' in page
    for name in ("joinCode", "lastName", "firstName", "joinBirthDate"):
        assert f'<label for="{name}">' in page and f'id="{name}" name="{name}"' in page
    assert 'aria-describedby="joinBirthDate-hint"' in page and "JJ/MM/AAAA" in page


def test_empty_and_wrong_fields_are_shown_next_to_them_with_a_linked_summary(browser, fake):
    answer = join(browser, joinCode="", firstName="", joinBirthDate="31/02/2008")
    assert answer.status_code == 303 and answer.location == "/certification/rejoindre"
    shown = browser.get(answer.location)
    page = text(shown)
    assert shown.status_code == 422 and fake.calls == []
    assert '<div class="error-summary" role="alert"' in page
    assert '<a href="#joinCode">Code d\'accès de la session : Ce champ est obligatoire.</a>' in page
    assert '<a href="#joinBirthDate">Date de naissance : Saisissez une date de naissance réelle' in page
    assert 'id="joinBirthDate-error-1"' in page and 'aria-invalid="true"' in page
    assert 'value="LIMA"' in page  # what was typed stays


def test_an_unknown_code_is_the_apis_words_next_to_the_code(browser, fake):
    page = text(browser.get(join(browser, joinCode="ZZZZZZ").location))
    assert re.search(r'id="joinCode-error-1">Ce code d\'accès ne correspond à aucune session.</p>', page)


def test_no_matching_candidate_is_said_in_the_summary_in_english_too(browser, fake):
    english(browser)
    page = text(browser.get(join(browser, lastName="Other").location))
    assert "<li>No candidate of this session matches.</li>" in page and "Join a certification session" in page


# ---- the session's page -------------------------------------------------------------------

def test_waiting_refreshes_itself_without_script_and_polls_with_it(browser, fake):
    join(browser)
    page = text(browser.get(SESSION_PAGE))
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert f'data-exam-poll="{SESSION_PAGE}/etat.json"' in page and "/static/exam.js" in page
    assert "1 rue de la Paix, Paris" in page and "B12" in page
    state = browser.get(f"{SESSION_PAGE}/etat.json")
    assert state.status_code == 200 and state.get_json() == {"exam": "waiting", "resume": False}


def test_a_session_not_joined_is_not_found(browser, fake):
    answer = browser.get(SESSION_PAGE)
    assert answer.status_code == 404 and "Cette session n'existe pas" in text(answer)


def test_starting_before_the_invigilator_says_so_on_the_session_page(browser, fake):
    join(browser)
    answer = post(browser, f"{SESSION_PAGE}/commencer", form_page=SESSION_PAGE)
    assert answer.status_code == 303 and answer.location == SESSION_PAGE
    shown = browser.get(SESSION_PAGE)
    assert shown.status_code == 403
    assert "Le surveillant n'a pas encore autorisé votre entrée en test." in text(shown)


def test_authorized_offers_commencer_which_leads_to_the_test(browser, fake):
    join(browser)
    fake.state["exam"] = "authorized"
    page = text(browser.get(SESSION_PAGE))
    assert f'<form method="post" action="{SESSION_PAGE}/commencer">' in page and "Commencer mon test" in page
    assert "temps majoré de 30 %" in page and "<noscript>" not in page
    answer = post(browser, f"{SESSION_PAGE}/commencer", form_page=SESSION_PAGE)
    assert answer.status_code == 303 and answer.location == EXAM_PAGE


def test_not_eligible_is_the_apis_message(browser, fake):
    join(browser)
    fake.state["exam"] = "authorized"
    fake.config["NOT_ELIGIBLE"] = True
    answer = post(browser, f"{SESSION_PAGE}/commencer", form_page=SESSION_PAGE)
    shown = browser.get(answer.location)
    assert shown.status_code == 409 and "Votre profil ne permet pas encore de passer la certification" in text(shown)


def test_a_resume_says_reprendre(browser, fake):
    join(browser)
    fake.state.update(exam="authorized", resume=True, courseId=COURSE)
    assert "Reprendre mon test" in text(browser.get(SESSION_PAGE))


def test_started_links_to_the_test_and_over_says_results_come_later(browser, fake):
    join(browser)
    fake.state.update(exam="started", courseId=COURSE)
    page = text(browser.get(SESSION_PAGE))
    assert f'href="/certification/epreuve/{COURSE}?session={SESSION}"' in page and "Continuer mon test" in page
    fake.state["exam"] = "finished"
    page = text(browser.get(SESSION_PAGE))
    assert "Votre test est terminé" in page and "une fois la session publiée" in page
    fake.state["exam"] = "ended"
    assert "Le surveillant a mis fin à votre test." in text(browser.get(SESSION_PAGE))


def test_the_start_address_opened_with_get_leads_to_the_session(browser, fake):
    answer = browser.get(f"{SESSION_PAGE}/commencer")
    assert answer.status_code == 303 and answer.location == SESSION_PAGE


# ---- the test -----------------------------------------------------------------------------

def started(browser, fake, composed: bool = True):
    join(browser)
    fake.state.update(exam="started", courseId=COURSE, composed=composed)


def test_while_assessment_composes_the_page_says_preparing_and_reloads(browser, fake):
    started(browser, fake, composed=False)
    answer = browser.get(EXAM_PAGE)
    page = text(answer)
    assert answer.status_code == 200 and "Préparation de votre test de certification…" in page
    assert 'data-reload-after="2"' in page and '<meta http-equiv="refresh"' in page


def test_a_course_that_is_not_theirs_is_not_found(browser, fake):
    started(browser, fake, composed=False)
    assert browser.get(f"/certification/epreuve/other-course?session={SESSION}").status_code == 404
    assert browser.get(f"/certification/epreuve/{COURSE}").status_code == 404  # the session is part of the address


def test_a_question_shows_its_number_of_the_total_and_never_a_correctness(browser, fake):
    started(browser, fake)
    answer = browser.get(EXAM_PAGE)
    page = text(answer)
    assert answer.status_code == 200 and "Question 1 sur 3" in page and "<strong>bon</strong>" in page
    assert 'type="radio"' in page and 'id="proposal-1"' in page and "Signaler un problème" in page
    assert "focus-warning" not in page and "Bonne réponse" not in page
    assert f'action="/certification/epreuve/{COURSE}/reponse?session={SESSION}"' in page
    result = post(browser, f"/certification/epreuve/{COURSE}/reponse?session={SESSION}", form_page=EXAM_PAGE,
                  challengeId="rec-qcu-1", type="QCU", answer="2", action="validate")
    assert result.status_code == 303 and result.location == EXAM_PAGE
    assert fake.state["answers"] == [{"challengeId": "rec-qcu-1", "answer": "2"}]


def test_an_empty_answer_is_shown_next_to_the_question(browser, fake):
    started(browser, fake)
    answer = post(browser, f"/certification/epreuve/{COURSE}/reponse?session={SESSION}", form_page=EXAM_PAGE,
                  challengeId="rec-qcu-1", type="QCU", action="validate")
    shown = browser.get(answer.location)
    page = text(shown)
    assert shown.status_code == 422 and '<a href="#proposal-1">Veuillez répondre à la question' in page
    assert 'id="answer-error"' in page and fake.state["answers"] == []


def test_a_focus_question_says_leaving_is_reported_and_the_answer_carries_it(browser, fake):
    started(browser, fake)
    fake.state["answers"] = [{"challengeId": "rec-qcu-1", "answer": "1"}]
    page = text(browser.get(EXAM_PAGE))
    assert "Question 2 sur 3" in page and "si vous la quittez, c'est signalé au surveillant" in page
    assert 'data-focus-challenge="rec-focus-2"' in page
    assert f'data-focus-report="{SESSION_PAGE}/signalement"' in page
    assert 'name="focusedOut" id="focused-out" value="false"' in page
    assert f'href="/evaluation/{COURSE}/fichier/rec-focus-2/xlsx"' in page  # the attachment, as other tests
    assert 'data-timer-seconds="60"' in page and "Temps imparti" in page
    # the script's report (JSON), then an answer that says nothing: the gateway remembers the page was left
    report = browser.post(f"{SESSION_PAGE}/signalement", headers={"Accept": "application/json"},
                          data={"kind": "focus_lost", "challengeId": "rec-focus-2", "courseId": COURSE,
                                "csrf_token": csrf(browser, EXAM_PAGE)})
    assert report.status_code == 200 and report.get_json()["message"] == ("Vous avez quitté la page : c'est signalé "
                                                                          "au surveillant.")
    assert calls(fake, "POST", f"/api/certification/sessions/{SESSION}/my-exam/problems")[0][2] == {
        "kind": "focus_lost", "challengeId": "rec-focus-2"}
    page = text(browser.get(EXAM_PAGE))
    assert 'data-focus-reported="true"' in page and 'value="true"' in page
    post(browser, f"/certification/epreuve/{COURSE}/reponse?session={SESSION}", form_page=EXAM_PAGE,
         challengeId="rec-focus-2", type="QROC", answer="mot", action="validate")
    assert fake.state["answers"][-1] == {"challengeId": "rec-focus-2", "answer": "mot", "focusedOut": True}


def test_the_time_left_counts_from_the_first_showing(browser, fake, monkeypatch):
    started(browser, fake)
    fake.state["answers"] = [{"challengeId": "rec-qcu-1", "answer": "1"}]
    from pix_gateway.web import exam_views
    now = [1000.0]
    monkeypatch.setattr(exam_views.time, "time", lambda: now[0])
    assert 'data-timer-seconds="60"' in text(browser.get(EXAM_PAGE))
    now[0] += 25
    assert 'data-timer-seconds="35"' in text(browser.get(EXAM_PAGE))
    now[0] += 100
    page = text(browser.get(EXAM_PAGE))
    assert "data-timer-seconds" not in page
    assert '<p class="timer-over" aria-live="polite">Le temps imparti est écoulé' in page


def test_a_problem_reported_without_script_comes_back_to_the_same_question_with_a_confirmation(browser, fake):
    started(browser, fake)
    answer = post(browser, f"{SESSION_PAGE}/signalement", form_page=EXAM_PAGE, kind="challenge_problem",
                  challengeId="rec-qcu-1", courseId=COURSE)
    assert answer.status_code == 303 and answer.location == f"{EXAM_PAGE}&info=reported"
    page = text(browser.get(answer.location))
    assert '<p class="notice" role="status">Votre signalement a été transmis au surveillant.' in page
    assert "Question 1 sur 3" in page
    assert calls(fake, "POST", f"/api/certification/sessions/{SESSION}/my-exam/problems")[0][2] == {
        "kind": "challenge_problem", "challengeId": "rec-qcu-1"}


def test_a_problem_reported_by_script_answers_json_in_english(browser, fake):
    started(browser, fake)
    english(browser)
    answer = browser.post(f"{SESSION_PAGE}/signalement", headers={"Accept": "application/json"},
                          data={"kind": "challenge_problem", "challengeId": "rec-qcu-1", "courseId": COURSE,
                                "csrf_token": csrf(browser, EXAM_PAGE)})
    assert answer.get_json() == {"message": "Your report was sent to the invigilator. You can go on."}


def test_a_report_of_an_unknown_kind_is_refused_before_the_api(browser, fake):
    started(browser, fake)
    answer = post(browser, f"{SESSION_PAGE}/signalement", form_page=EXAM_PAGE, kind="cheat",
                  challengeId="rec-qcu-1", courseId=COURSE)
    assert answer.status_code == 404 and calls(fake, "POST", f"/api/certification/sessions/{SESSION}/my-exam"
                                                              "/problems") == []


def test_the_last_answer_ends_on_the_over_page(browser, fake):
    started(browser, fake)
    fake.state["answers"] = [{}, {}, {}]
    page = text(browser.get(EXAM_PAGE))
    assert "Votre test de certification est terminé" in page and 'href="/certification/certificats"' in page


def test_the_test_page_in_english(browser, fake):
    started(browser, fake)
    english(browser)
    page = text(browser.get(EXAM_PAGE))
    assert '<html lang="en">' in page and "Question 1 of 3" in page and "Report a problem" in page


# ---- certificates -------------------------------------------------------------------------

def test_my_certificates_list_and_one_with_its_competences_and_pdf(browser, fake):
    page = text(browser.get("/certification/certificats"))
    assert f'<a href="/certification/certificats/{CERTIFICATE}">Certificat du 1er décembre 2026</a>' in page
    assert "312" in page and "P-AB12CD34" in page
    assert "Lycée &lt;Jean&gt; Moulin" in browser.get("/certification/certificats").get_data(as_text=True)
    page = text(browser.get(f"/certification/certificats/{CERTIFICATE}"))
    assert "Ana Lima" in page and "Mener une recherche</th><td>3</td>" in page
    assert "Gérer des données</th><td>non certifiée</td>" in page
    assert '<caption id="area-2">Communication</caption>' in page
    assert f'href="/certification/certificats/{CERTIFICATE}/pdf" download' in page
    pdf = browser.get(f"/certification/certificats/{CERTIFICATE}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.get_data().startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"] == 'attachment; filename="certificat-pix.pdf"'


def test_another_certificate_is_not_found(browser, fake):
    answer = browser.get("/certification/certificats/someone-else")
    assert answer.status_code == 404 and "Aucun certificat ne correspond." in text(answer)
    assert browser.get("/certification/certificats/someone-else/pdf").status_code == 404


def test_no_certificate_yet_says_when_it_comes_in_english(browser, fake):
    fake.config["ANSWERS"] = {"GET /api/certification/me/certificates": (200, {"certificates": []})}
    english(browser)
    assert "You have no certificate yet" in text(browser.get("/certification/certificats"))


def test_no_page_needs_a_script_every_form_posts_plain_html(browser, fake):
    started(browser, fake)
    for path in ("/certification/rejoindre", EXAM_PAGE):
        page = text(browser.get(path))
        assert "<script>" not in page and "onclick" not in page  # scripts only from files, as enhancements
        for form in re.findall(r"<form [^>]*>", page):
            assert 'method="post"' in form and "action=" in form
