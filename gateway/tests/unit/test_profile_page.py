"""The profile page, /mon-profil, against a small fake of the assessment API (and the
identity fake of test_pages for signing in), both served over loopback like real
services: signed-out redirect, the total and the completion computed right, each area's
standing, levels as text and as a labelled gauge, the result only (what to do next is the
tests page's, linked once), English, a service away or refusing."""
from __future__ import annotations

import html
import re
import uuid
from html.parser import HTMLParser

import pytest
from flask import Flask, jsonify, request
from pix_gateway.web.profile_views import summary

from .conftest import served, web_browser
from .test_pages import fake_identity, sign_up

FRAMEWORK = [
    ("1", "Information et données", "Information and data",
     [("1.1", "Mener une recherche et une veille d'information"), ("1.2", "Gérer des données"),
      ("1.3", "Traiter des données")]),
    ("2", "Communication et collaboration", "Communication and collaboration",
     [("2.1", "Interagir"), ("2.2", "Partager et publier"), ("2.3", "Collaborer"),
      ("2.4", "S'insérer dans le monde numérique")]),
    ("3", "Création de contenu", "Digital content creation",
     [("3.1", "Développer des documents textuels"), ("3.2", "Développer des documents multimédia"),
      ("3.3", "Adapter les documents à leur finalité"), ("3.4", "Programmer")]),
    ("4", "Protection et sécurité", "Safety",
     [("4.1", "Sécuriser l'environnement numérique"), ("4.2", "Protéger les données personnelles et la vie privée"),
      ("4.3", "Protéger la santé, le bien-être et l'environnement")]),
    ("5", "Environnement numérique", "Digital environment",
     [("5.1", "Résoudre des problèmes techniques"), ("5.2", "Construire un environnement numérique")]),
]
OPEN_TEST = "0b7e6a52-3c1d-4a8e-9f00-1234567890ab"
# Three evaluated competences (one at the maximum level, one that can be improved), one
# test under way on a competence not evaluated yet: 9 + 19 + 40 = 68 pix, 3 / 16 → 18 %.
STANDING = {
    "1.1": {"level": 1, "pix": 9, "progress": 1, "evaluated": True, "canImprove": True},
    "2.1": {"level": 2, "pix": 19, "progress": 3, "evaluated": True, "canImprove": True, "canReset": True},
    "2.2": {"level": 5, "pix": 40, "evaluated": True},
    "3.4": {"assessmentId": OPEN_TEST},
}


def fake_assessment(identity: Flask) -> Flask:
    """`/api/assessments/competences` as the assessment service answers it, built from
    `app.config["STANDING"]`; `app.config["ANSWER"]` (status, body) replaces the answer."""
    app = Flask("fake_assessment_for_profile")
    app.calls = []

    @app.before_request
    def log_and_check():
        app.calls.append((request.method, request.path, request.headers.get("Accept-Language")))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in identity.tokens:
            return jsonify(code="INVALID_TOKEN", message="jeton refusé", details={}), 401
        return None

    @app.get("/api/assessments/competences")
    def competences():
        if app.config.get("ANSWER"):
            status, body = app.config["ANSWER"]
            return jsonify(body), status
        english = request.headers.get("Accept-Language") == "en"
        entries = []
        for area_code, area_fr, area_en, items in FRAMEWORK:
            for code, title in items:
                entry = {"code": code, "title": f"[en] {title}" if english else title, "areaCode": area_code,
                         "areaTitle": area_en if english else area_fr, "level": 0, "pix": 0, "progress": 0,
                         "evaluated": False, "assessmentId": None, "canImprove": False, "canReset": False,
                         "resetAvailableAt": None}
                entry.update(app.config["STANDING"].get(code, {}))
                entries.append(entry)
        total = sum(e["pix"] for e in entries)
        return jsonify(totalPix=total, maxLevel=app.config["MAX_LEVEL"], competences=entries)

    return app


@pytest.fixture(scope="module")
def services():
    identity = fake_identity()
    with served(identity, fake_assessment(identity)) as apps:
        yield apps


@pytest.fixture
def assessment(services):
    _, fake = services
    fake.config.update(STANDING=STANDING, MAX_LEVEL=5, ANSWER=None)
    fake.calls.clear()
    return fake


@pytest.fixture
def browser(services, assessment):
    identity, _ = services
    identity.config.update(EXPIRES=600)
    # The profile service is away: the page must not need it.
    return web_browser({"identity": identity.url, "assessment": assessment.url, "profile": "http://127.0.0.1:9"})


@pytest.fixture
def person(browser):
    assert sign_up(browser, f"{uuid.uuid4().hex[:10]}@example.fr").status_code == 303
    return browser


def text(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


class Page(HTMLParser):
    """The gauges (meter and progress elements, with their attributes and inner text), the
    labels (for → text) and the links (href → text) of a page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.gauges: list[dict[str, str]] = []
        self.labels: dict[str, str] = {}
        self.links: list[tuple[str, str]] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag in ("meter", "progress", "label", "a"):
            self._open.append((tag, {k: v or "" for k, v in attrs}, []))

    def handle_data(self, data):
        for _, _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag):
        if not self._open or self._open[-1][0] != tag:
            return
        _, attrs, parts = self._open.pop()
        inner = " ".join("".join(parts).split())
        if tag == "label" and attrs.get("for"):
            self.labels[attrs["for"]] = inner
        elif tag == "a":
            self.links.append((attrs.get("href", ""), inner))
        elif tag in ("meter", "progress"):
            self.gauges.append({**attrs, "tag": tag, "text": inner})


def links_to(page: Page, label: str) -> list[str]:
    return [href for href, inner in page.links if inner.startswith(label)]


# --- Access ----------------------------------------------------------------------------

def test_signed_out_the_profile_leads_to_the_login(browser, assessment):
    answer = browser.get("/mon-profil")
    assert answer.status_code == 303 and answer.location == "/connexion?info=required&next=/mon-profil"
    assert assessment.calls == []


def test_the_profile_is_a_page_now_not_a_placeholder(person):
    page = text(person.get("/mon-profil"))
    assert "Bientôt disponible" not in page and 'href="/mon-profil"' in page


# --- The numbers -----------------------------------------------------------------------

def test_the_total_and_the_completion(person, assessment):
    answer = person.get("/mon-profil")
    page = text(answer)
    assert answer.status_code == 200 and '<html lang="fr">' in page
    assert re.search(r"<h1>Mon profil</h1>", page) and "<title>Mon profil — Pix</title>" in page
    assert "Score total : 68 pix" in page
    assert "18 % de votre profil complet" in page  # 3 / 16 = 18.75 %, rounded down
    assert "Compétences évaluées : 3 sur 16" in page
    completion = [g for g in Page(page).gauges if g["tag"] == "progress"]
    assert completion == [{"class": "completion-bar", "max": "16", "value": "3", "aria-labelledby": "completion",
                           "tag": "progress", "text": "18 % de votre profil complet"}]
    assert 'id="completion"' in page
    assert assessment.calls == [("GET", "/api/assessments/competences", "fr")]


@pytest.mark.parametrize(("evaluated", "percent"), [(0, 0), (1, 6), (3, 18), (8, 50), (15, 93), (16, 100)])
def test_completion_is_evaluated_over_16_rounded_down(evaluated, percent):
    raw = [{"code": f"{1 + i // 4}.{1 + i % 4}", "areaCode": str(1 + i // 4), "evaluated": i < evaluated,
            "level": 1 if i < evaluated else 0, "pix": 8 if i < evaluated else 0} for i in range(16)]
    numbers = summary({"totalPix": 8 * evaluated, "maxLevel": 5}, raw)
    assert (numbers["percent"], numbers["evaluated"], numbers["total"]) == (percent, evaluated, 8 * evaluated)


def test_the_percentage_on_the_page_follows_the_api(person, assessment):
    assessment.config["STANDING"] = {code: {"level": 1, "pix": 8, "evaluated": True}
                                     for code in ("1.1", "1.2", "2.1", "2.2", "3.1", "4.1", "5.1", "5.2")}
    page = text(person.get("/mon-profil"))
    assert "50 % de votre profil complet" in page and "Score total : 64 pix" in page
    assessment.config["STANDING"] = {}
    page = text(person.get("/mon-profil"))
    assert "0 % de votre profil complet" in page and "Score total : 0 pix" in page
    assert page.count("Pas encore évaluée") == 16 and "Commencer" not in page


# --- Areas, levels, links --------------------------------------------------------------

def test_the_five_areas_each_with_its_competences(person):
    page = text(person.get("/mon-profil"))
    assert re.findall(r"<h2 id=\"profile-area-\d\">([^<]+)</h2>", page) == [f"{c}. {t}" for c, t, _, _ in FRAMEWORK]
    assert page.count('<h2 id="profile-area-') == 5 and page.count("<h3>") == 16
    assert '<h3><span class="code">4.2</span> Protéger les données personnelles et la vie privée</h3>' in page
    # Area 2 holds 2.1 … 2.4 and nothing else.
    area_2 = page.split('id="profile-area-2"')[1].split('id="profile-area-3"')[0]
    assert re.findall(r'<span class="code">([^<]+)</span>', area_2) == ["2.1", "2.2", "2.3", "2.4"]


def test_levels_read_as_text_and_as_a_labelled_gauge(person):
    body = text(person.get("/mon-profil"))
    page = Page(body)
    meters = [g for g in page.gauges if g["tag"] == "meter"]
    assert len(meters) == 3  # the evaluated competences
    for meter, level in zip(meters, (1, 2, 5), strict=True):
        words = f"Niveau {level} sur 5"
        assert (meter["min"], meter["max"], meter["value"]) == ("0", "5", str(level))
        assert meter["aria-valuetext"] == words and meter["text"] == words  # value in words, and a fallback
        assert page.labels[meter["id"]] == words  # a visible label, tied to the gauge
    card_21 = body.split('id="profil-2-1"')[1].split("</li>")[0]
    assert "Niveau 2 sur 5" in card_21 and "19 pix" in card_21 and "Pas encore évaluée" not in card_21
    card_22 = body.split('id="profil-2-2"')[1].split("</li>")[0]
    assert "Niveau 5 sur 5" in card_22 and "40 pix" in card_22 and "Niveau maximum atteint" in card_22
    card_12 = body.split('id="profil-1-2"')[1].split("</li>")[0]
    assert "Pas encore évaluée" in card_12 and "<meter" not in card_12
    assert body.count("Pas encore évaluée") == 13


def test_a_raised_maximum_level_is_the_gauge_s_maximum(person, assessment):
    assessment.config["MAX_LEVEL"] = 6
    page = Page(text(person.get("/mon-profil")))
    meters = [g for g in page.gauges if g["tag"] == "meter"]
    assert [m["max"] for m in meters] == ["6"] * 3
    assert [m["aria-valuetext"] for m in meters] == ["Niveau 1 sur 6", "Niveau 2 sur 6", "Niveau 5 sur 6"]


def test_each_area_says_how_much_of_it_is_evaluated(person):
    body = text(person.get("/mon-profil"))
    standings = re.findall(r'<p class="hint area-standing">([^<]+)</p>', body)
    assert standings == ["1 compétence évaluée sur 3 · 9 pix", "2 compétences évaluées sur 4 · 59 pix",
                         "0 compétence évaluée sur 4 · 0 pix", "0 compétence évaluée sur 3 · 0 pix",
                         "0 compétence évaluée sur 2 · 0 pix"]  # French: the singular for 0 and 1


def test_the_profile_is_the_result_and_the_tests_page_what_to_do_next(person):
    """One link to the tests page, no action per competence; the sharing placeholder."""
    body = text(person.get("/mon-profil"))
    page = Page(body)
    assert [href for href, _ in page.links if href.startswith("/mes-tests")] == ["/mes-tests"] * 2  # nav, intro
    assert not [href for href, _ in page.links if href.startswith("/evaluation/")]
    assert "<form" not in body.split('<main id="contenu"')[1]
    assert links_to(page, "Partager mon profil") == ["/partager"]
    for words in ("Reprendre", "Retenter", "Commencer", "Test en cours", "Non évaluée", "Votre score"):
        assert words not in body, words


# --- English ---------------------------------------------------------------------------

def test_the_page_in_english(person, assessment):
    switched = person.get("/langue/en?next=/mon-profil")
    assert switched.status_code == 303 and switched.location == "/mon-profil"
    body = text(person.get("/mon-profil"))
    assert '<html lang="en">' in body and "<h1>My profile</h1>" in body
    assert "Total score: 68 pix" in body and "18% of your profile complete" in body
    assert "Competences assessed: 3 of 16" in body
    assert "1. Information and data" in body and "[en] Interagir" in body
    meters = [g for g in Page(body).gauges if g["tag"] == "meter"]
    assert meters[1]["aria-valuetext"] == "Level 2 of 5"
    assert body.count("Not assessed yet") == 13 and "Maximum level reached" in body
    assert "2 competences assessed of 4 · 59 pix" in body and "1 competence assessed of 3 · 9 pix" in body
    assert "0 competences assessed of 4" in body  # English: the plural for 0
    assert "Share my profile" in body
    assert "Pas encore évaluée" not in body and "Score total" not in body
    assert assessment.calls[-1] == ("GET", "/api/assessments/competences", "en")


# --- When the service is away or refuses ----------------------------------------------

def test_the_service_away_is_a_503_page_not_a_500(person):
    person.application.extensions["pix_web"].service_urls["assessment"] = "http://127.0.0.1:9"
    answer = person.get("/mon-profil")
    assert answer.status_code == 503 and "momentanément indisponible" in text(answer)
    assert 'role="alert"' in text(answer)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_failing_service_is_a_503_page(person, assessment, status):
    assessment.config["ANSWER"] = (status, {"code": "INTERNAL", "message": "boom"})
    answer = person.get("/mon-profil")
    assert answer.status_code == 503 and "momentanément indisponible" in text(answer)


def test_a_refused_token_leads_to_the_login(person, assessment):
    assessment.config["ANSWER"] = (401, {"code": "INVALID_TOKEN", "message": "jeton refusé"})
    answer = person.get("/mon-profil")
    assert answer.status_code == 303 and answer.location.startswith("/connexion")
    # The token was refreshed and tried again once, then the session ended.
    assert [c[:2] for c in assessment.calls] == [("GET", "/api/assessments/competences")] * 2
    assessment.config["ANSWER"] = None
    assert person.get("/mon-profil").location == "/connexion?info=required&next=/mon-profil"


def test_an_unexpected_answer_never_gives_a_500(person, assessment):
    assessment.config["ANSWER"] = (200, {"totalPix": 3})  # no competences
    answer = person.get("/mon-profil")
    assert answer.status_code == 503 and "La demande n'a pas abouti" in text(answer)
    garbage = [None, "x", {}, {"code": "1.1", "areaCode": "1", "level": True, "pix": "12", "evaluated": True,
                                "assessmentId": "../../admin"},
               {"code": "<b>9.9</b>", "title": "<script>x</script>", "level": 99, "evaluated": True}]
    assessment.config["ANSWER"] = (200, {"totalPix": "many", "maxLevel": None, "competences": garbage})
    answer = person.get("/mon-profil")
    body = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "<script>x</script>" not in body and "&lt;script&gt;" in body
    assert "../../admin" not in body and "Score total : 0 pix" in text(answer)
    assert "Niveau 5 sur 5" in text(answer)  # a level above the maximum shows as the maximum
    assessment.config["ANSWER"] = (404, {"code": "NOT_FOUND", "message": "Introuvable."})
    answer = person.get("/mon-profil")
    assert answer.status_code == 404 and "Introuvable." in text(answer)
