"""The test-taking pages against a small fake of the assessment API (and the identity fake
of test_pages for signing in), both served over loopback like real services: the list,
starting, the five challenge types (the fake checks the exact JSON it receives), skip,
the empty answer, the recap every 5 answers, the result, files passed through, safe
markdown, English, signed-out redirects and CSRF."""
from __future__ import annotations

import copy
import html
import re
import uuid
from html.parser import HTMLParser

import pytest
from flask import Flask, jsonify, request
from pix_gateway.web.markdown import render_markdown

from .conftest import served, web_browser
from .test_pages import fake_identity, sign_up

FRAMEWORK = [
    ("1", "Information et données", [("1.1", "Mener une recherche et une veille d'information"),
                                     ("1.2", "Gérer des données"), ("1.3", "Traiter des données")]),
    ("2", "Communication et collaboration", [("2.1", "Interagir"), ("2.2", "Partager et publier"),
                                             ("2.3", "Collaborer"), ("2.4", "S'insérer dans le monde numérique")]),
    ("3", "Création de contenu", [("3.1", "Développer des documents textuels"),
                                  ("3.2", "Développer des documents multimédia"),
                                  ("3.3", "Adapter les documents à leur finalité"), ("3.4", "Programmer")]),
    ("4", "Protection et sécurité", [("4.1", "Sécuriser l'environnement numérique"),
                                     ("4.2", "Protéger les données personnelles et la vie privée"),
                                     ("4.3", "Protéger la santé, le bien-être et l'environnement")]),
    ("5", "Environnement numérique", [("5.1", "Résoudre des problèmes techniques"),
                                      ("5.2", "Construire un environnement numérique")]),
]
TITLES = {code: title for _, _, competences in FRAMEWORK for code, title in competences}


def challenge(cid, kind, instruction, proposals=(), fields=(), timer=None, alt=None, attachments=()):
    return {"id": cid, "type": kind, "instruction": instruction, "proposals": list(proposals),
            "fields": [{"name": n, "label": label} for n, label in fields], "timer": timer,
            "illustrationAlt": alt,
            "attachments": [{"format": f, "name": f"communes-ain.{f}",
                             "url": f"/api/assessments/a1/challenges/{cid}/attachments/{f}"} for f in attachments]}


QCU = challenge("c-qcu", "QCU", "Quel outil utilisez-vous **pour chercher** une page ?",
                ["Un tableur", "Un moteur de recherche", "Une calculatrice"])
QCM = challenge("c-qcm", "QCM", "Quels mots sont utiles comme mots-clés ?\nCochez-les tous.",
                ["tour", "la", "Eiffel", "hauteur"])
QROC = challenge("c-qroc", "QROC", "Triez le fichier. Quel mot apparaît dans la colonne D ?", timer=45,
                 alt="Une capture du tableur, colonnes A à D.", attachments=("xlsx", "ods"))
QROCM_IND = challenge("c-qrocm-ind", "QROCM-ind", "Complétez :", fields=[("commune", "Commune la plus peuplée"),
                                                                         ("habitants", "Nombre d'habitants")])
QROCM_DEP = challenge("c-qrocm-dep", "QROCM-dep", "Citez deux navigateurs web.",
                      fields=[("nav1", "Premier navigateur"), ("nav2", "Second navigateur")])
LAST = challenge("c-last", "QCU", "<script>alert('x')</script> Un *dernier* mot ?\n\n- `rm -rf`\n- <b>gras</b>",
                 ["Oui", "Non"])
# The right answer of each challenge, as the API expects it.
RIGHT = {"c-qcu": "2", "c-qcm": ["1", "3", "4"], "c-qroc": "aviron",
         "c-qrocm-ind": {"commune": "Bourg", "habitants": "41000"},
         "c-qrocm-dep": {"nav1": "Firefox", "nav2": "Chromium"}, "c-last": "1"}
SCRIPT = [QCU, QCM, QROC, QROCM_IND, QROCM_DEP, LAST]
FILE_BYTES = b"PK\x03\x04 a spreadsheet \x00\xff"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fake_assessment(identity: Flask) -> Flask:
    """Assessments run through `app.config["SCRIPT"]` (challenges in order), a recap after
    every 5th answer, completed after the last; `app.bodies` keeps every answer body."""
    app = Flask("fake_assessment")
    app.config.update(SCRIPT=SCRIPT, RESULT={"level": 1, "pix": 11, "progress": 3, "maxLevel": 5})
    app.assessments, app.bodies, app.calls = {}, [], []

    def error(status, code, message):
        return jsonify(code=code, message=message, details={}), status

    def person():
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        owner = identity.tokens.get(token)
        return owner["email"] if owner else None

    @app.before_request
    def log_and_check():
        app.calls.append((request.method, request.path, request.headers.get("Accept-Language")))
        if person() is None:
            return error(401, "INVALID_TOKEN", "jeton refusé")
        return None

    def view(a):
        done = a["index"] >= len(a["script"])
        current = None if done else copy.deepcopy(a["script"][a["index"]])
        answered = len(a["answers"])
        recap = None
        if answered and answered % 5 == 0 and a.get("recap_pending"):
            recap = [{"challengeId": c["id"], "instruction": c["instruction"], "status": status,
                      "correct": status == "ok"} for c, status in a["answers"][-5:]]
        return {"id": a["id"], "competenceCode": a["code"], "competenceTitle": TITLES[a["code"]], "kind": a["kind"],
                "state": "completed" if done else "started", "progress": {"answered": answered, "checkpointEvery": 5},
                "challenge": current, "checkpoint": recap, "result": app.config["RESULT"] if done else None}

    def new(code, kind):
        a = {"id": str(uuid.uuid4()), "code": code, "kind": kind, "owner": person(), "index": 0, "answers": [],
             "script": list(app.config["SCRIPT"])}
        app.assessments[a["id"]] = a
        return a

    def open_of(code):
        return next((a for a in app.assessments.values() if a["owner"] == person() and a["code"] == code
                     and a["index"] < len(a["script"])), None)

    @app.get("/api/assessments/competences")
    def competences():
        entries = []
        for area_code, area_title, items in FRAMEWORK:
            for code, title in items:
                current = open_of(code)
                entry = {"code": code, "title": title, "areaCode": area_code, "areaTitle": area_title,
                         "level": 0, "pix": 0, "progress": 0, "evaluated": False,
                         "assessmentId": current["id"] if current else None,
                         "canImprove": False, "canReset": False, "resetAvailableAt": None}
                if code == "2.1":
                    entry.update(level=2, pix=19, progress=3, evaluated=True, canImprove=True, canReset=True)
                if code == "2.2":
                    entry.update(level=5, pix=40, evaluated=True, resetAvailableAt="2030-05-12T10:00:00Z")
                entries.append(entry)
        return jsonify(totalPix=59, maxLevel=5, competences=entries)

    @app.post("/api/assessments")
    def start():
        code = request.get_json()["competenceCode"]
        app.started = request.get_json()
        current = open_of(code)
        return (jsonify(view(current)), 200) if current else (jsonify(view(new(code, "positioning"))), 201)

    @app.post("/api/assessments/competences/<code>/improvement")
    def improve(code):
        if code == "2.2":
            return error(409, "MAX_LEVEL_REACHED", "Le niveau maximum est déjà atteint pour cette compétence.")
        return jsonify(view(new(code, "improve"))), 201

    @app.post("/api/assessments/competences/<code>/reset")
    def reset(code):
        if code == "2.2":
            return error(409, "RESET_TOO_EARLY", "La remise à zéro n'est possible que 7 jours après votre test.")
        app.reset_done = code
        return jsonify(code=code, title=TITLES[code], level=0, pix=0, progress=0, evaluated=False)

    @app.get("/api/assessments/<aid>")
    def one(aid):
        a = app.assessments.get(aid)
        if a is None:
            return error(404, "ASSESSMENT_NOT_FOUND", "Ce test n'existe pas.")
        if a["owner"] != person():
            return error(403, "FORBIDDEN", "Ce test ne vous appartient pas.")
        return jsonify(view(a))

    @app.post("/api/assessments/<aid>/answers")
    def answer(aid):
        a = app.assessments[aid]
        body = request.get_json()
        app.bodies.append(body)
        if app.config.get("REFUSE"):
            return error(*app.config["REFUSE"])
        if a["index"] >= len(a["script"]):
            return error(409, "ASSESSMENT_COMPLETED", "Ce test est terminé.")
        current = a["script"][a["index"]]
        if body.get("challengeId") != current["id"]:
            return error(409, "NOT_CURRENT_CHALLENGE", "Cette question n'est plus la question en cours.")
        if body.get("skipped") is True and set(body) == {"challengeId", "skipped"}:
            status = "aband"
        elif set(body) == {"challengeId", "answer"}:
            status = "ok" if body["answer"] == RIGHT[current["id"]] else "ko"
        else:
            return error(422, "MALFORMED_ANSWER", "Réponse mal formée.")
        a["answers"].append((current, status))
        a["index"] += 1
        a["recap_pending"] = True
        shown = view(a)
        a["recap_pending"] = False
        return jsonify(status=status, assessment=shown), 201

    @app.get("/api/assessments/<aid>/challenges/<cid>/attachments/<fmt>")
    def attachment(aid, cid, fmt):
        if cid != "c-qroc" or fmt not in ("xlsx", "ods"):
            return error(404, "ATTACHMENT_NOT_FOUND", "Pas de fichier.")
        kind = XLSX if fmt == "xlsx" else "application/vnd.oasis.opendocument.spreadsheet"
        return FILE_BYTES, 200, {"Content-Type": kind, "X-Internal": "not for the browser",
                                 "Content-Disposition": f'attachment; filename="communes-ain.{fmt}"'}

    return app


@pytest.fixture(scope="module")
def services():
    identity = fake_identity()
    with served(identity, fake_assessment(identity)) as apps:
        yield apps


@pytest.fixture
def assessment(services):
    _, fake = services
    fake.config.update(SCRIPT=SCRIPT, RESULT={"level": 1, "pix": 11, "progress": 3, "maxLevel": 5}, REFUSE=None)
    return fake


@pytest.fixture
def browser(services, assessment):
    identity, _ = services
    identity.config.update(EXPIRES=600)
    return web_browser({"identity": identity.url, "assessment": assessment.url})


@pytest.fixture
def person(browser):
    assert sign_up(browser, f"{uuid.uuid4().hex[:10]}@example.fr").status_code == 303
    return browser


def text(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def token_of(client, path="/mes-tests") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text(client.get(path))).group(1)


def start(client, code="1.1"):
    answer = client.post(f"/mes-tests/{code}/commencer", data={"csrf_token": token_of(client)})
    assert answer.status_code == 303 and answer.location.startswith("/evaluation/"), answer.location
    return answer.location.rsplit("/", 1)[1]


def post_answer(client, aid, challenge_id, kind, action="validate", **fields):
    form = {"csrf_token": token_of(client, f"/evaluation/{aid}"), "challengeId": challenge_id, "type": kind,
            "action": action, **fields}
    return client.post(f"/evaluation/{aid}/reponse", data=form)


class Controls(HTMLParser):
    """The page's form controls and labels: which visible control has no label."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.inputs: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.legends = 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "input" and attrs.get("type") not in ("hidden", "submit"):
            self.inputs.append(attrs)
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag == "legend":
            self.legends += 1

    def unlabelled(self) -> list[dict[str, str]]:
        return [i for i in self.inputs if i.get("id") not in self.label_for]


# --- The list ------------------------------------------------------------------------------

def test_signed_out_the_pages_lead_to_the_login(browser):
    for path in ("/mes-tests", "/evaluation/abc-123", "/evaluation/abc-123/bilan",
                 "/evaluation/abc-123/fichier/c-qroc/xlsx"):
        answer = browser.get(path)
        assert answer.status_code == 303 and answer.location == f"/connexion?info=required&next={path}", path


def test_the_list_groups_competences_by_area_with_level_pix_and_the_right_button(person, assessment):
    answer = person.get("/mes-tests")
    page = text(answer)
    assert answer.status_code == 200 and '<html lang="fr">' in page
    assert re.findall(r"<h2 [^>]*>([^<]+)</h2>", page) == [f"{code}. {title}" for code, title, _ in FRAMEWORK]
    assert page.count("<h3 ") == 16 and "Votre score" not in page  # the score is the profile's
    assert page.count(">Commencer<") == 14 and "Niveau 2" in page and "19 pix" in page
    assert 'action="/mes-tests/2.1/retenter"' in page and 'action="/mes-tests/2.1/remise-a-zero"' in page
    assert 'action="/mes-tests/2.2/retenter"' not in page and "Niveau maximum atteint" in page
    assert "Vous pourrez remettre à zéro cette compétence à partir du 12 mai 2030 à 12 h 00" in page
    assert not Controls(page).unlabelled()  # the reset confirmation is labelled
    # Each button says which competence it is for, for screen readers listing buttons.
    assert "Commencer<span class=\"visually-hidden\"> — 1.1 Mener une recherche" in page
    assert "Mes tests — Bientôt disponible" not in page


def test_starting_opens_the_first_challenge_and_the_list_then_offers_to_resume(person, assessment):
    aid = start(person, "1.1")
    assert assessment.started == {"competenceCode": "1.1"}
    page = text(person.get("/mes-tests"))
    assert f'href="/evaluation/{aid}"' in page and "Reprendre" in page and "Test en cours" in page
    assert start(person, "1.1") == aid  # 200: resumed


def test_retry_and_its_refusal_at_the_maximum_level(person, assessment):
    token = token_of(person)
    answer = person.post("/mes-tests/2.1/retenter", data={"csrf_token": token})
    assert answer.status_code == 303
    page = text(person.get(answer.location))
    assert "Vous retentez cette compétence." in page
    posted = person.post("/mes-tests/2.2/retenter", data={"csrf_token": token})
    assert posted.status_code == 303 and posted.location == "/mes-tests"  # an address that reloads
    refused = person.get(posted.location)
    assert refused.status_code == 409
    page = text(refused)
    assert 'class="error-summary" role="alert"' in page and 'href="#competence-2-2"' in page
    assert page.count("Le niveau maximum est déjà atteint pour cette compétence.") == 2  # summary, and next to it
    assert "Le niveau maximum" not in text(person.get("/mes-tests"))  # shown once: a reload is the page


def test_reset_asks_for_confirmation_then_says_it_is_done(person, assessment):
    token = token_of(person)
    posted = person.post("/mes-tests/2.1/remise-a-zero", data={"csrf_token": token})
    assert posted.status_code == 303 and posted.location == "/mes-tests"
    unconfirmed = person.get(posted.location)
    page = text(unconfirmed)
    assert unconfirmed.status_code == 422 and 'href="#reset-confirm-2-1"' in page
    assert "Cochez la case pour confirmer la remise à zéro." in page and 'aria-invalid="true"' in page
    done = person.post("/mes-tests/2.1/remise-a-zero", data={"csrf_token": token, "confirm": "on"})
    assert done.status_code == 303 and done.location == "/mes-tests?info=reset"
    assert assessment.reset_done == "2.1"
    assert "La compétence a été remise à zéro." in text(person.get(done.location))
    too_early = person.get(person.post("/mes-tests/2.2/remise-a-zero", data={"csrf_token": token,
                                                                             "confirm": "on"}).location)
    assert too_early.status_code == 409 and "7 jours après votre test" in text(too_early)


# --- The five types -------------------------------------------------------------------------

@pytest.mark.parametrize(("item", "form", "sent"), [
    (QCU, {"answer": "2"}, "2"),
    (QCM, {"answer": ["4", "1", "3"]}, ["1", "3", "4"]),
    (QROC, {"answer": "  aviron "}, "aviron"),
    (QROCM_IND, {"field.commune": "Bourg", "field.habitants": "41000"}, {"commune": "Bourg", "habitants": "41000"}),
    (QROCM_DEP, {"field.nav1": "Firefox", "field.nav2": "Chromium"}, {"nav1": "Firefox", "nav2": "Chromium"}),
], ids=lambda v: v["type"] if isinstance(v, dict) and "type" in v else "")
def test_each_type_is_shown_with_labels_and_answered_in_the_api_shape(person, assessment, item, form, sent):
    assessment.config["SCRIPT"] = [item, LAST]
    aid = start(person, "3.1")
    page = text(person.get(f"/evaluation/{aid}"))
    assert "Développer des documents textuels" in page and "Question 1" in page
    assert f'name="challengeId" value="{item["id"]}"' in page and f'name="type" value="{item["type"]}"' in page
    controls = Controls(page)
    assert controls.inputs and not controls.unlabelled()
    if item["type"] in ("QCU", "QCM"):
        kind = "radio" if item["type"] == "QCU" else "checkbox"
        assert [i["type"] for i in controls.inputs] == [kind] * len(item["proposals"])
        assert controls.legends == 1 and ("Choisissez une seule réponse" if kind == "radio" else
                                          "Choisissez une ou plusieurs réponses") in page
        assert '<label for="proposal-2">' + item["proposals"][1] + "</label>" in page
    elif item["type"] == "QROC":
        assert '<label for="answer">Votre réponse</label>' in page
    else:
        assert controls.legends == 1
        assert [i["name"] for i in controls.inputs] == [f"field.{f['name']}" for f in item["fields"]]
        for index, field in enumerate(item["fields"], start=1):
            assert f'<label for="field-{index}">{field["label"]}</label>' in page
    assert ">Je valide</button>" in page and ">Je passe</button>" in page
    answer = post_answer(person, aid, item["id"], item["type"], **form)
    assert answer.status_code == 303 and answer.location == f"/evaluation/{aid}"
    assert assessment.bodies[-1] == {"challengeId": item["id"], "answer": sent}
    assert "Question 2" in text(person.get(answer.location))


def test_skip_sends_skipped_even_with_something_entered(person, assessment):
    aid = start(person, "3.2")
    answer = post_answer(person, aid, "c-qcu", "QCU", action="skip", answer="1")
    assert answer.status_code == 303 and assessment.bodies[-1] == {"challengeId": "c-qcu", "skipped": True}


@pytest.mark.parametrize(("item", "form"), [
    (QCU, {}), (QCM, {}), (QROC, {"answer": "   "}), (QROCM_IND, {"field.commune": "Bourg", "field.habitants": ""}),
])
def test_an_empty_answer_shows_the_challenge_again_with_the_error(person, assessment, item, form):
    assessment.config["SCRIPT"] = [item]
    aid = start(person, "3.3")
    sent = len(assessment.bodies)
    refused = post_answer(person, aid, item["id"], item["type"], **form)
    assert refused.status_code == 303 and refused.location == f"/evaluation/{aid}"  # an address that reloads
    answer = person.get(refused.location)
    page = text(answer)
    assert answer.status_code == 422 and len(assessment.bodies) == sent  # nothing sent
    assert 'class="error-summary" role="alert"' in page
    assert page.count("Veuillez répondre à la question ou cliquer sur « Je passe ».") == 2
    assert 'aria-invalid="true"' in page or "answer-error" in page
    if item is QROCM_IND:
        assert 'value="Bourg"' in page  # what was entered stays


def test_a_double_submit_leads_to_the_current_challenge_and_other_refusals_are_shown(person, assessment):
    aid = start(person, "3.4")
    assert post_answer(person, aid, "c-qcu", "QCU", answer="2").status_code == 303
    again = post_answer(person, aid, "c-qcu", "QCU", answer="2")  # the back button, or a second click
    assert again.status_code == 303 and again.location == f"/evaluation/{aid}"
    assessment.config["REFUSE"] = (409, "CONCURRENT_UPDATE", "Une autre réponse vient d'être enregistrée.")
    busy = person.get(post_answer(person, aid, "c-qcm", "QCM", answer=["1"]).location)
    assert busy.status_code == 409 and "Une autre réponse vient d'être enregistrée." in text(busy)
    assert re.search(r'id="proposal-1"[^>]*checked', busy.get_data(as_text=True))  # the choice is kept
    assert not re.search(r'id="proposal-2"[^>]*checked', busy.get_data(as_text=True))


def test_a_refused_answer_is_shown_once_and_only_on_its_challenge(person, assessment):
    assessment.config["SCRIPT"] = [QROCM_IND]
    aid = start(person, "4.2")
    post_answer(person, aid, QROCM_IND["id"], QROCM_IND["type"], **{"field.commune": "Bourg", "field.habitants": ""})
    assert 'value="Bourg"' in text(person.get(f"/evaluation/{aid}"))
    reloaded = person.get(f"/evaluation/{aid}")  # a reload: the challenge as it was first shown
    assert reloaded.status_code == 200 and 'value="Bourg"' not in text(reloaded)
    post_answer(person, aid, "c-other", QROCM_IND["type"], **{"field.commune": "Bourg", "field.habitants": ""})
    page = person.get(f"/evaluation/{aid}")
    assert page.status_code == 200 and 'role="alert"' not in text(page)


# --- Recap, result, files -------------------------------------------------------------------

def test_the_recap_after_the_fifth_answer_then_the_result(person, assessment):
    aid = start(person, "4.1")
    steps = [("c-qcu", "QCU", {"answer": "2"}), ("c-qcm", "QCM", {"answer": ["1"]}),
             ("c-qroc", "QROC", {"action": "skip"}), ("c-qrocm-ind", "QROCM-ind", {"field.commune": "Bourg",
                                                                                "field.habitants": "41000"}),
             ("c-qrocm-dep", "QROCM-dep", {"field.nav1": "Firefox", "field.nav2": "Safari"})]
    for number, (cid, kind, form) in enumerate(steps, start=1):
        assert f"Question {number}" in text(person.get(f"/evaluation/{aid}"))
        answer = post_answer(person, aid, cid, kind, **form)
    assert answer.location == f"/evaluation/{aid}/bilan"
    page = text(person.get(answer.location))
    assert "Vos 5 dernières réponses" in page and "Mener une recherche" not in page
    assert re.findall(r"(Bonne réponse|Mauvaise réponse|Passée)", page) == [
        "Bonne réponse", "Mauvaise réponse", "Passée", "Bonne réponse", "Mauvaise réponse"]
    # The whole question when it is short (a line break inside a paragraph is a space).
    assert "Quels mots sont utiles comme mots-clés ? Cochez-les tous." in page
    assert page.count('aria-hidden="true">✓</span>') == 2  # an icon with the text, not colour alone
    assert f'href="/evaluation/{aid}">Continuer</a>' in page
    assert person.get(answer.location).location == f"/evaluation/{aid}"  # shown once
    last = post_answer(person, aid, "c-last", "QCU", answer="1")
    assert last.location == f"/evaluation/{aid}"
    result = text(person.get(last.location))
    assert "Vous avez atteint le niveau 1" in result and "11 pix" in result and 'href="/mes-tests"' in result
    assert 'max="8" value="3"' in result and "Encore 5 pix pour atteindre le niveau 2" in result
    assert post_answer(person, aid, "c-last", "QCU", answer="1").location == f"/evaluation/{aid}"  # completed


def test_no_level_yet_reads_so(person, assessment):
    assessment.config.update(SCRIPT=[QCU], RESULT={"level": 0, "pix": 4, "progress": 4, "maxLevel": 5})
    aid = start(person, "4.2")
    post_answer(person, aid, "c-qcu", "QCU", action="skip")
    page = text(person.get(f"/evaluation/{aid}"))
    assert "Aucun niveau atteint pour le moment" in page and "4 pix" in page


def test_timer_illustration_and_files_are_on_the_page_and_files_pass_through(person, assessment):
    assessment.config["SCRIPT"] = [QROC]
    aid = start(person, "4.3")
    page = text(person.get(f"/evaluation/{aid}"))
    assert "Temps imparti : 45 s" in page and 'data-timer-seconds="45"' in page
    assert "Description de l'illustration :" in page and "Une capture du tableur, colonnes A à D." in page
    for fmt in ("xlsx", "ods"):
        assert f'href="/evaluation/{aid}/fichier/c-qroc/{fmt}" download>Télécharger au format .{fmt}' in page
    file = person.get(f"/evaluation/{aid}/fichier/c-qroc/xlsx")
    assert file.status_code == 200 and file.data == FILE_BYTES
    assert file.headers["Content-Type"] == XLSX
    assert file.headers["Content-Disposition"] == 'attachment; filename="communes-ain.xlsx"'
    assert "X-Internal" not in file.headers
    assert assessment.calls[-1][:2] == ("GET", f"/api/assessments/{aid}/challenges/c-qroc/attachments/xlsx")
    for bad in ("c-qroc/exe", "c-qroc/docx", "C_QROC/xlsx", "c-qcu/xlsx"):
        assert person.get(f"/evaluation/{aid}/fichier/{bad}").status_code == 404, bad
    assert person.get(f"/evaluation/{aid}/fichier/..%2F..%2Fapi/xlsx").status_code == 400  # refused at the edge


def test_someone_else_s_or_an_unknown_assessment_is_an_error_page(person, assessment, browser):
    assert person.get("/evaluation/no-such-id").status_code == 404
    assert person.get("/evaluation/NOT..VALID").status_code == 404


# --- Markdown, English, CSRF, robustness ----------------------------------------------------

def test_instructions_are_escaped_then_formatted(person, assessment):
    assessment.config["SCRIPT"] = [LAST]
    aid = start(person, "5.1")
    raw = person.get(f"/evaluation/{aid}").get_data(as_text=True)
    assert "<script>" not in raw and "&lt;script&gt;alert('x')&lt;/script&gt;" in raw
    assert "Un <em>dernier</em> mot ?" in raw and "<li><code>rm -rf</code></li>" in raw
    assert "<li>&lt;b&gt;gras&lt;/b&gt;</li>" in raw


def test_the_markdown_of_the_challenges():
    """The whole subset and the bank's every text: test_bank_markdown.py."""
    assert str(render_markdown("Ligne 1\nLigne **2**\n\nAutre `a*b*c` *fin*")) == (
        "<p>Ligne 1\nLigne <strong>2</strong></p>\n<p>Autre <code>a*b*c</code> <em>fin</em></p>")
    assert str(render_markdown("Liste :\n- un\n* deux\n\n2 * 3 * 4")) == (
        "<p>Liste :</p>\n<ul>\n<li>un</li>\n</ul>\n<ul>\n<li>deux</li>\n</ul>\n<p>2 * 3 * 4</p>")
    assert str(render_markdown('<img src=x onerror="a()"> [lien](javascript:a)')) == (
        "<p>&lt;img src=x onerror=&quot;a()&quot;&gt; [lien](javascript:a)</p>")


def test_in_english(person, assessment):
    person.get("/langue/en?next=/mes-tests")
    page = text(person.get("/mes-tests"))
    assert '<html lang="en">' in page and "My tests" in page and ">Start<" in page and "Not assessed yet" in page
    aid = start(person, "5.2")
    page = text(person.get(f"/evaluation/{aid}"))
    assert ">Submit</button>" in page and ">Skip</button>" in page and "Choose one answer" in page
    assert assessment.calls[-1][2] == "en"
    refused = person.get(post_answer(person, aid, "c-qcu", "QCU").location)
    assert "Please answer the question or click “Skip”." in text(refused)


def test_posts_without_the_csrf_token_are_refused(person, assessment):
    aid = start(person, "1.2")
    for path, form in (("/mes-tests/1.3/commencer", {}), ("/mes-tests/2.1/retenter", {}),
                       ("/mes-tests/2.1/remise-a-zero", {"confirm": "on"}),
                       (f"/evaluation/{aid}/reponse", {"challengeId": "c-qcu", "type": "QCU", "answer": "2"})):
        answer = person.post(path, data={**form, "csrf_token": "forged"})
        assert answer.status_code == 400 and "Le formulaire a expiré" in text(answer), path
    assert not any(body.get("challengeId") == "c-qcu" and body.get("answer") == "2" for body in assessment.bodies[-1:])


def test_garbage_never_gives_a_500_and_a_service_away_gives_a_page(person, assessment):
    aid = start(person, "1.3")
    token = token_of(person)
    for form in ({}, {"challengeId": "../x", "type": "QCU"}, {"challengeId": "c-qcu", "type": "??", "answer": "1"},
                 {"challengeId": "c-qcu", "type": "QCM", "answer": ["x", "99999", "-1"]},
                 {"challengeId": "c-qcu", "type": "QROCM-ind", **{f"field.{i}": "é" * 500 for i in range(50)}}):
        answer = person.post(f"/evaluation/{aid}/reponse", data={**form, "csrf_token": token})
        assert answer.status_code < 500, form
    assert person.post("/mes-tests/x.y/commencer", data={"csrf_token": token}).status_code == 404
    person.application.extensions["pix_web"].service_urls = {**person.application.extensions["pix_web"].service_urls,
                                                              "assessment": "http://127.0.0.1:9"}
    away = person.get("/mes-tests")
    assert away.status_code == 503 and "momentanément indisponible" in text(away)
    assert person.get(f"/evaluation/{aid}/fichier/c-qroc/xlsx").status_code == 503
