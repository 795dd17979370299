"""What to do next, /mes-tests and the result page, against a small fake of the assessment
API served over loopback: the one action each competence offers now, and when "Retenter" is
not possible, why and from when (the API's improveRefusal); a refused start, retry or reset
says its reason on the page, never a bare error; plural forms and moments in both languages
(web/wording.py)."""
from __future__ import annotations

import html
import re
import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask, jsonify, request
from pix_assessment.domain.content import load_bank
from pix_gateway.web import i18n, wording
from pix_gateway.web.assessment_views import _review

from .conftest import served, web_browser
from .test_pages import fake_identity, sign_up

OPEN_TEST = "0b7e6a52-3c1d-4a8e-9f00-1234567890ab"
DONE_TEST = "1c8f7b63-4d2e-5b9f-a011-234567890abc"
AREAS = {"1": "Information et données", "2": "Communication et collaboration"}
CODES = ("1.1", "1.2", "2.1", "2.2", "2.3", "2.4")
TABLE_CHALLENGE = "agendas2-jours-libres"  # 2.3's shared calendar: a table in French


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def in_days(days: int) -> str:
    """Noon in Paris, `days` calendar days from today there (what the pages count)."""
    paris = ZoneInfo(wording.TIME_ZONE)
    day = datetime.now(paris).date() + timedelta(days=days)
    return iso(datetime.combine(day, time(12, 0), paris).astimezone(UTC))


def refusal(code: str, message: str, available_at: str | None = None) -> dict:
    return {"code": code, "message": message, "availableAt": available_at}


def standing() -> dict[str, dict]:
    """1.1 not assessed yet; 1.2 a test in progress; 2.1 can be tried again and reset; 2.2
    at the maximum level; 2.3 too early to try again, and to reset; 2.4 nothing new to ask."""
    later = in_days(7)
    return {
        "1.1": {"improveRefusal": refusal("NOT_EVALUATED_YET", "Terminez d'abord un premier test.")},
        "1.2": {"assessmentId": OPEN_TEST},
        "2.1": {"level": 2, "pix": 19, "evaluated": True, "canImprove": True, "canReset": True},
        "2.2": {"level": 5, "pix": 40, "evaluated": True,
                "improveRefusal": refusal("MAX_LEVEL_REACHED", "Le niveau maximum est déjà atteint.")},
        "2.3": {"level": 1, "pix": 9, "evaluated": True, "resetAvailableAt": in_days(7), "improveAvailableAt": later,
                "improveRefusal": refusal("IMPROVE_TOO_EARLY", "Vous pourrez retenter dans 7 jours.", later)},
        "2.4": {"level": 3, "pix": 27, "evaluated": True,
                "improveRefusal": refusal("NOTHING_TO_IMPROVE", "Rien de nouveau à vous poser.")},
    }


def fake_assessment(identity: Flask) -> Flask:
    """The listing from `app.config["STANDING"]`; a POST answers `app.config["POSTED"]`
    (status, body) when set, else opens a test; one completed test, DONE_TEST on 2.3."""
    app = Flask("fake_assessment_for_tests")

    @app.before_request
    def check():
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in identity.tokens:
            return jsonify(code="INVALID_TOKEN", message="jeton refusé", details={}), 401
        return None

    @app.get("/api/assessments/competences")
    def competences():
        entries = []
        for code in CODES:
            area = code.split(".")[0]
            entry = {"code": code, "title": f"Compétence {code}", "areaCode": area, "areaTitle": AREAS[area],
                     "level": 0, "pix": 0, "progress": 0, "evaluated": False, "assessmentId": None,
                     "canImprove": False, "canReset": False, "resetAvailableAt": None, "improveAvailableAt": None,
                     "improveRefusal": None}
            entry.update(app.config["STANDING"].get(code, {}))
            entries.append(entry)
        return jsonify(totalPix=95, maxLevel=5, competences=entries)

    @app.post("/api/assessments")
    @app.post("/api/assessments/competences/<code>/improvement")
    @app.post("/api/assessments/competences/<code>/reset")
    def post(code=None):
        status, body = app.config["POSTED"] or (201, {"id": OPEN_TEST})
        return jsonify(body), status

    @app.get(f"/api/assessments/{OPEN_TEST}")
    def open_test():
        table = load_bank().challenge_by_id[TABLE_CHALLENGE]
        english = request.headers.get("Accept-Language") == "en"
        return jsonify(id=OPEN_TEST, competenceCode="2.3", competenceTitle="Collaborer", kind="positioning",
                       state="started", progress={"answered": 0, "checkpointEvery": 5}, checkpoint=None, result=None,
                       challenge={"id": table.id, "type": table.type,
                                  "instruction": table.instruction_en if english else table.instruction_fr,
                                  "proposals": [], "timer": None, "illustrationAlt": None, "attachments": [],
                                  "fields": [{"name": f.name, "label": f.label_en if english else f.label_fr}
                                             for f in table.fields]})

    @app.get(f"/api/assessments/{DONE_TEST}")
    def done():
        return jsonify(id=DONE_TEST, competenceCode="2.3", competenceTitle="Compétence 2.3", kind="positioning",
                       state="completed", progress={"answered": 9, "checkpointEvery": 5}, challenge=None,
                       checkpoint=None, result={"level": 1, "pix": 9, "progress": 1, "maxLevel": 5},
                       **({"review": app.config["REVIEW"]} if app.config.get("REVIEW") is not None else {}))

    return app


@pytest.fixture(scope="module")
def services():
    identity = fake_identity()
    with served(identity, fake_assessment(identity)) as apps:
        yield apps


@pytest.fixture
def assessment(services):
    _, fake = services
    fake.config.update(STANDING=standing(), POSTED=None, REVIEW=None)
    return fake


@pytest.fixture
def person(services, assessment):
    identity, _ = services
    identity.config.update(EXPIRES=600)
    browser = web_browser({"identity": identity.url, "assessment": assessment.url})
    assert sign_up(browser, f"{uuid.uuid4().hex[:10]}@example.fr").status_code == 303
    return browser


def text(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def card(page: str, code: str) -> str:
    return page.split(f'id="competence-{code.replace(".", "-")}"')[1].split("</li>")[0]


def token_of(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text(client.get("/mes-tests"))).group(1)


LATER = re.compile(r"Vous pourrez retenter cette compétence à partir du \d{1,2}(er)? \w+( \d{4})? à 12 h 00 "
                   r"\(dans 7 jours\) : une question manquée n'est reposée que 4 jours après\.")


# --- What each competence offers now -----------------------------------------------------------

def test_each_competence_offers_its_one_next_action(person):
    page = text(person.get("/mes-tests"))
    assert ">Commencer<" in card(page, "1.1") and "Terminez d'abord" not in card(page, "1.1")
    assert f'href="/evaluation/{OPEN_TEST}"' in card(page, "1.2") and "Reprendre" in card(page, "1.2")
    assert 'action="/mes-tests/2.1/retenter"' in card(page, "2.1")
    assert 'action="/mes-tests/2.1/remise-a-zero"' in card(page, "2.1")
    for code in ("2.2", "2.3", "2.4"):
        assert "/retenter" not in card(page, code), code  # never a button that leads to a refusal


def test_when_retrying_is_not_possible_the_card_says_why_and_from_when(person):
    page = text(person.get("/mes-tests"))
    assert "Niveau maximum atteint" in card(page, "2.2") and 'class="hint improve-later"' not in card(page, "2.2")
    assert LATER.search(card(page, "2.3")), card(page, "2.3")
    assert ("Il n'y a pas de nouvelle question à vous poser sur cette compétence : la retenter ne vous ferait "
            "pas progresser pour l'instant.") in card(page, "2.4")
    assert re.search(r"Vous pourrez remettre à zéro cette compétence à partir du .+ \(dans 7 jours\), 7 jours "
                     r"après votre dernière réponse\.", card(page, "2.3"))
    assert "jour(s)" not in page and "Une erreur est survenue" not in page


def test_the_tests_in_progress_are_listed_first_and_the_profile_is_one_link_away(person):
    page = text(person.get("/mes-tests"))
    assert page.index("Tests en cours") < page.index('id="area-1"')
    assert f'<a href="/evaluation/{OPEN_TEST}">Reprendre — <span class="code">1.2</span> Compétence 1.2</a>' in page
    assert 'Vos niveaux et vos pix, à consulter et à partager, sont sur <a href="/mon-profil">Mon profil</a>' in page
    for words in ("Score total", "Votre score", "Non évaluée", "Passer le test"):  # the profile's, or gone
        assert words not in page, words


def test_an_answer_without_the_new_fields_still_gives_the_page(person, assessment):
    """The fields the API added (improveRefusal, improveAvailableAt) may be missing: no reason, no error."""
    assessment.config["STANDING"] = {"2.1": {"level": 2, "pix": 19, "evaluated": True, "canImprove": False}}
    answer = person.get("/mes-tests")
    assert answer.status_code == 200 and "/retenter" not in text(answer)


# --- A refused start, retry or reset ------------------------------------------------------------

def test_a_refused_retry_says_from_when_on_the_page(person, assessment):
    assessment.config["POSTED"] = (409, {"code": "IMPROVE_TOO_EARLY", "details": {"availableAt": in_days(7)},
                                         "message": "Vous pourrez retenter dans 7 jour(s)."})
    answer = person.post("/mes-tests/2.1/retenter", data={"csrf_token": token_of(person)})
    answer = person.get(answer.location) if answer.status_code == 303 else answer
    page = text(answer)
    assert answer.status_code == 409 and 'class="error-summary" role="alert"' in page
    assert len(LATER.findall(page)) >= 2  # in the summary, and next to the card it is about
    assert "Une erreur est survenue" not in page and "n'a pas abouti ; réessayez" not in page


@pytest.mark.parametrize(("path", "code", "expected"), [
    ("/mes-tests/1.1/commencer", "NOTHING_TO_ASK", "Cette compétence n'a pas de question à vous poser pour l'instant."),
    ("/mes-tests/2.4/retenter", "NOTHING_TO_IMPROVE", "Il n'y a pas de nouvelle question à vous poser"),
    ("/mes-tests/2.2/retenter", "MAX_LEVEL_REACHED", "Le niveau maximum est déjà atteint."),
])
def test_a_refused_start_or_retry_shows_its_reason(person, assessment, path, code, expected):
    assessment.config["POSTED"] = (409, {"code": code, "message": "Le niveau maximum est déjà atteint.", "details": {}})
    answer = person.post(path, data={"csrf_token": token_of(person)})
    answer = person.get(answer.location) if answer.status_code == 303 else answer
    assert answer.status_code == 409 and expected in text(answer)


def test_a_refused_reset_says_from_when(person, assessment):
    assessment.config["POSTED"] = (409, {"code": "RESET_TOO_EARLY", "message": "dans 2 jour(s)",
                                         "details": {"availableAt": in_days(2)}})
    answer = person.post("/mes-tests/2.1/remise-a-zero", data={"csrf_token": token_of(person), "confirm": "on"})
    answer = person.get(answer.location) if answer.status_code == 303 else answer
    page = text(answer)
    assert answer.status_code == 409
    assert re.search(r"Vous pourrez remettre à zéro cette compétence à partir du .+ \(dans 2 jours\)", page)
    assert "jour(s)" not in page


def test_the_service_away_on_a_retry_is_said_on_the_tests_page(person, assessment):
    assessment.config["POSTED"] = (503, {"code": "UPSTREAM_UNAVAILABLE", "message": "x"})
    answer = person.post("/mes-tests/2.1/retenter", data={"csrf_token": token_of(person)})
    answer = person.get(answer.location) if answer.status_code == 303 else answer
    assert answer.status_code == 503 and "momentanément indisponible" in text(answer)
    assert "<h1>Mes tests</h1>" in text(answer)


# --- A challenge with a table ------------------------------------------------------------------

def test_the_bank_s_table_is_a_table_on_the_challenge_page(person):
    body = person.get(f"/evaluation/{OPEN_TEST}").get_data(as_text=True)
    instruction = body.split('id="instruction">')[1].split("</div>")[0]
    assert "<table>" in instruction and "|---" not in instruction and "| |" not in instruction
    assert re.findall(r'<th scope="col">([^<]+)</th>', instruction) == ["lundi", "mardi", "mercredi", "jeudi",
                                                                         "vendredi"]
    assert re.findall(r'<th scope="row">([^<]+)</th>', instruction) == ["Sophie", "Karim", "Léa", "Paul"]
    assert "<p>Citez les deux jours où les quatre personnes sont disponibles.</p>" in instruction
    # One paragraph, its line break a space: never "est ⏎ occupé" shown as a break.
    assert "<p>L'agenda partagé de l'équipe montre, pour la semaine prochaine, les jours où chacun est\noccupé" \
        in html.unescape(instruction)


# --- The result page: what next ---------------------------------------------------------------

def test_the_result_page_says_what_next(person, assessment):
    page = text(person.get(f"/evaluation/{DONE_TEST}"))
    assert "Résultat du test" in page and "Et maintenant ?" in page
    assert LATER.search(page) and "/retenter" not in page  # 2.3: too early, and from when
    assessment.config["STANDING"] = {"2.3": {"level": 1, "pix": 9, "evaluated": True, "canImprove": True}}
    page = text(person.get(f"/evaluation/{DONE_TEST}"))
    assert 'action="/mes-tests/2.3/retenter"' in page and "Retenter" in page


def test_the_result_page_stands_without_the_listing(person, assessment):
    assessment.config["STANDING"] = {"2.3": {"level": 5, "pix": 40, "evaluated": True}}  # at the maximum
    page = text(person.get(f"/evaluation/{DONE_TEST}"))
    assert "Résultat du test" in page and "Et maintenant ?" not in page


REVIEW = [  # as the assessment API gives it (ReviewItemSchema)
    {"challengeId": "c1", "type": "QCU", "status": "ok", "correct": True, "anyOf": None,
     "instruction": "Quel moteur **respecte** votre vie privée, alors que vous voulez des pages récentes sur un "
                    "sujet précis et une seule réponse ?",
     "solution": [{"label": None, "text": "Un moteur `sans pistage`"}]},
    {"challengeId": "c2", "type": "QROCM-ind", "status": "ko", "correct": False, "anyOf": None,
     "instruction": "| | lundi | mardi |\n|---|---|---|\n| Léa | occupée | |\n\nQuel jour, à quelle heure ?",
     "solution": [{"label": "Jour", "text": "mardi"}, {"label": "Heure", "text": "<b>9 h</b>"}]},
    {"challengeId": "c3", "type": "QROCM-dep", "status": "aband", "correct": False, "anyOf": 2,
     "instruction": "Citez deux navigateurs.",
     "solution": [{"label": None, "text": "Firefox"}, {"label": None, "text": "Chromium"},
                  {"label": None, "text": "Safari"}]},
]


def test_the_end_of_a_test_shows_each_answer_with_the_expected_one(person, assessment):
    assessment.config["REVIEW"] = REVIEW
    body = person.get(f"/evaluation/{DONE_TEST}").get_data(as_text=True)
    review = html.unescape(body.split('id="review-title"')[1])
    assert re.findall(r"(Bonne réponse|Mauvaise réponse|Passée)", review) == ["Bonne réponse", "Mauvaise réponse",
                                                                              "Passée"]
    assert review.count("<details>") == 3 and review.count("<summary>") == 3  # each question opens in place
    assert "Quel moteur respecte votre vie privée, alors que vous voulez des pages récentes sur un sujet précis" \
        in review  # the short form: whole words
    assert "Quel moteur <strong>respecte</strong>" in review  # the whole question, inside
    assert '<th scope="col">lundi</th>' in review  # rendered, never raw Markdown
    assert "<li>Un moteur <code>sans pistage</code></li>" in review
    assert "<li>Jour : mardi</li>" in review
    assert "<b>" not in body and "&lt;b&gt;9 h&lt;/b&gt;" in body  # the API's text is escaped
    assert "La réponse attendue : 2 réponses parmi celles-ci :" in re.sub(r"</?strong>", "", review)
    assert "<li>Firefox</li><li>Chromium</li><li>Safari</li>" in review


def test_no_review_during_a_test_whatever_the_api_sends():
    assert _review({"state": "started", "review": REVIEW}) == []
    assert _review({"state": "completed"}) == []  # an API without the review: the result alone


def test_no_review_section_without_one(person):
    assert 'id="review-title"' not in text(person.get(f"/evaluation/{DONE_TEST}"))


# --- English, plural forms, moments -------------------------------------------------------------

def test_in_english(person):
    person.get("/langue/en?next=/mes-tests")
    page = text(person.get("/mes-tests"))
    assert re.search(r"You can try this competence again from \d{1,2} \w+( \d{4})? at 12:00 \(in 7 days\): a "
                     r"missed question is asked again only 4 days later\.", card(page, "2.3"))
    assert "Not assessed yet" in page and "Tests in progress" in page


def words(lang: str, call):
    app = Flask("t")
    app.testing = True
    with app.test_request_context("/", headers={"Cookie": f"{i18n.COOKIE}={lang}"}):
        return call()


@pytest.mark.parametrize(("lang", "count", "expected"), [
    ("fr", 0, "dans 0 jour"), ("fr", 1, "dans 1 jour"), ("fr", 2, "dans 2 jours"), ("fr", 7, "dans 7 jours"),
    ("en", 0, "in 0 days"), ("en", 1, "in 1 day"), ("en", 2, "in 2 days"),
])
def test_one_helper_for_plural_forms(lang, count, expected):
    app = Flask("t")
    with app.test_request_context("/", headers={"Cookie": f"{i18n.COOKIE}={lang}"}):
        assert wording.plural("tests.inDays", count) == expected


NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("lang", "moment", "expected"), [
    ("fr", "2026-12-08T13:05:00.000000Z", "8 décembre à 14 h 05 (dans 7 jours)"),  # Paris: UTC+1 in winter
    ("fr", "2026-12-02T11:00:00Z", "2 décembre à 12 h 00 (dans 1 jour)"),
    ("fr", "2026-12-01T20:00:00Z", "1er décembre à 21 h 00"),  # less than a day: the time says it
    ("fr", "2027-01-03T09:30:00+00:00", "3 janvier 2027 à 10 h 30 (dans 33 jours)"),
    ("en", "2026-12-08T13:05:00Z", "8 December at 14:05 (in 7 days)"),
    ("en", "2026-12-02T12:00:00", "2 December at 13:00 (in 1 day)"),  # naive: UTC
])
def test_moments_as_people_read_them(lang, moment, expected):
    assert words(lang, lambda: wording.when(moment, NOW)) == expected


@pytest.mark.parametrize("garbage", [None, "", "demain", 12, "2026-13-45T00:00:00Z", "x" * 100])
def test_a_moment_that_is_not_one_is_nothing(garbage):
    assert words("fr", lambda: wording.when(garbage, NOW)) is None
