"""Campaigns against sharing's fake: a member's list and creation form (kind, title, target
competences and tubes from assessment's framework, multiple sendings) and its refusals, a
campaign's page (code, participants, results, exports); a person's side: the code and
its two messages, joining (the student number for SUP), an assessment's preparation page
until assessment has started the test, the test on assessment's pages, the result, "J'envoie
mes résultats", a retry; a profile collection's consent and sending."""
from __future__ import annotations

import re

import pytest

from .sharing_pages import account, calls, follow, post, sign_in, text

EMPTY_CODE = "Veuillez saisir un code."
WRONG_CODE = "Votre code est erroné, veuillez vérifier ou contacter l'organisateur."


@pytest.fixture
def identity(sharing_services):
    return sharing_services[0]


@pytest.fixture
def lycee(sharing):
    return sharing.add_org("Lycée Jean Moulin", "SCO", "ABCD-2345")


@pytest.fixture
def member(identity, sharing, lycee, sharing_browser):
    user = account(identity, first="Mia", last="Membre")
    sharing.members[lycee["id"]][user["id"]] = "MEMBER"
    sign_in(sharing_browser, user)
    return user


def campaigns_of(lycee) -> str:
    return f"/organisations/{lycee['id']}/campagnes"


def create(browser, lycee, **form):
    return post(browser, f"{campaigns_of(lycee)}/nouvelle", **form)


def new_campaign(sharing, lycee, kind="ASSESSMENT", multiple=False, org=None) -> dict:
    campaign = {"id": f"c0ffee00-0000-4000-8000-{len(sharing.campaigns):012d}", "organizationId": (org or lycee)["id"],
                "title": "Rentrée numérique", "kind": kind, "code": f"QRTVW{'XYBCD'[len(sharing.campaigns)]}234",
                "targetCompetences": ["1.1"] if kind == "ASSESSMENT" else [], "targetTubes": [],
                "multipleSendings": multiple, "createdAt": "2026-12-01T10:00:00Z"}
    sharing.campaigns[campaign["id"]] = campaign
    return campaign


# --- The organization's side -----------------------------------------------------------

def test_the_creation_form_offers_the_framework(sharing_browser, member, lycee, sharing):
    page = text(sharing_browser.get(campaigns_of(lycee)))
    assert "Aucune campagne pour le moment." in page and 'for="title">Nom de la campagne</label>' in page
    assert '<legend>Type de campagne</legend>' in page and 'value="PROFILES_COLLECTION"' in page
    assert 'id="competence-1.1" name="competences" value="1.1"' in page
    assert '<label for="competence-2.1">2.1 Interagir</label>' in page
    assert 'name="tubes" value="moteur"' in page and "<summary>Sujets de la compétence 1.1</summary>" in page
    assert calls(sharing, "GET", "/api/framework")


def test_create_an_assessment_on_competences_and_tubes(sharing_browser, member, lycee, sharing):
    answer = create(sharing_browser, lycee, title="Rentrée", kind="ASSESSMENT", competences=["1.1", "9.9"],
                    tubes=["etiquette", "../x"], multipleSendings="on")
    sent = calls(sharing, "POST", f"/api/organizations/{lycee['id']}/campaigns")[-1][3]
    assert sent == {"title": "Rentrée", "kind": "ASSESSMENT", "targetCompetences": ["1.1"],
                    "targetTubes": ["@etiquette"], "multipleSendings": True}
    campaign = next(iter(sharing.campaigns.values()))
    assert answer.location == f"{campaigns_of(lycee)}/{campaign['id']}"
    page = text(sharing_browser.get(answer.location))
    assert f'<strong id="campaign-code">{campaign["code"]}</strong>' in page
    assert "1.1 Mener une recherche" in page and "@etiquette" in page
    assert "Personne n'a encore rejoint la campagne." in page
    listed = text(sharing_browser.get(campaigns_of(lycee)))
    assert f"<code>{campaign['code']}</code>" in listed and "Évaluation" in listed


def test_an_assessment_needs_a_target_and_a_title(sharing_browser, member, lycee, sharing):
    answer = follow(sharing_browser, create(sharing_browser, lycee, title="", kind="ASSESSMENT"), campaigns_of(lycee))
    page = text(answer)
    assert answer.status_code == 422 and "Choisissez au moins une compétence ou un sujet à évaluer." in page
    assert 'id="title-error-1">Ce champ est obligatoire.' in page
    assert not calls(sharing, "POST", f"/api/organizations/{lycee['id']}/campaigns")
    assert "Ce champ est obligatoire." not in text(sharing_browser.get(campaigns_of(lycee)))  # shown once
    collection = create(sharing_browser, lycee, title="Profils", kind="PROFILES_COLLECTION", competences=["1.1"])
    assert collection.status_code == 303
    assert calls(sharing, "POST", f"/api/organizations/{lycee['id']}/campaigns")[-1][3]["targetCompetences"] == []


def test_a_refused_creation_keeps_the_choices(sharing_browser, member, lycee, sharing):
    sharing.config["ANSWERS"] = {f"POST /api/organizations/{lycee['id']}/campaigns": (
        422, {"code": "VALIDATION_ERROR", "message": "x", "details": {"fields": {
            "title": [{"code": "TOO_LONG", "message": "Nom trop long."}]}}})}
    answer = follow(sharing_browser, create(sharing_browser, lycee, title="T", kind="ASSESSMENT", competences=["2.1"],
                                            tubes=["moteur"]), campaigns_of(lycee))
    page = text(answer)
    assert answer.status_code == 422 and 'id="title-error-1">Nom trop long.' in page
    assert 'value="2.1" checked' in page and 'value="moteur" checked' in page


def test_the_campaign_page_lists_participants_and_exports(sharing_browser, member, lycee, sharing, identity):
    campaign = new_campaign(sharing, lycee)
    other = account(identity, first="Paul", last="Participant")
    sharing.participations["p1"] = {"id": "p1", "campaignId": campaign["id"], "userId": other["id"],
                                    "status": "SHARED", "attempt": 1, "result": {
                                        "masteryRate": 75, "competences": [{"code": "1.1", "masteryRate": 80},
                                                                           {"code": "2.1", "masteryRate": 50}]}}
    path = f"{campaigns_of(lycee)}/{campaign['id']}"
    page = re.sub(r">\s+<", "><", text(sharing_browser.get(path)))
    assert '<th scope="row">Participant</th><td>Paul</td>' in page and "<td>Envoyé</td>" in page
    assert "<td>75 %</td><td>80 %</td><td>50 %</td>" in page and "Participants : 1 ; résultats reçus : 1" in page
    assert '<th scope="col">Maîtrise 1.1</th><th scope="col">Maîtrise 2.1</th>' in page  # the target's first
    assert f'aria-sort="ascending"><a href="{path}?tri=lastName&ordre=desc">Nom' in page
    assert f'<a href="{path}?tri=masteryRate&ordre=asc">% de maîtrise' in page
    sharing_browser.get(f"{path}?tri=sharedAt&ordre=desc&nom=pau&page=2")
    assert calls(sharing, "GET", f"/api/campaigns/{campaign['id']}/participants")[-1][2] == (
        "sort=sharedAt&order=desc&page=2&size=50&name=pau")
    assert sharing_browser.get(f"{path}?tri=password").status_code == 404
    answer = sharing_browser.get(f"{campaigns_of(lycee)}/{campaign['id']}/resultats.csv")
    assert answer.status_code == 200 and answer.get_data().startswith("\ufeffNom;".encode())
    assert calls(sharing, "GET", f"/api/campaigns/{campaign['id']}/results.csv")


def test_another_organization_s_campaign_is_not_found(sharing_browser, member, lycee, sharing):
    elsewhere = sharing.add_org("Ailleurs", "PRO", "ZZZZ-2345")
    theirs = new_campaign(sharing, lycee, org=elsewhere)
    assert sharing_browser.get(f"{campaigns_of(lycee)}/{theirs['id']}").status_code == 404
    assert sharing_browser.get(f"{campaigns_of(lycee)}/{theirs['id']}/resultats.csv").status_code == 404
    mine = new_campaign(sharing, lycee)
    wrong_org = f"/organisations/{elsewhere['id']}/campagnes/{mine['id']}"
    assert sharing_browser.get(wrong_org).status_code == 404


# --- The participant's side ------------------------------------------------------------

@pytest.fixture
def person(identity, sharing_browser):
    user = account(identity, first="Paul", last="Participant")
    sign_in(sharing_browser, user)
    return user


def test_the_code_form_and_its_two_messages(sharing_browser, person, sharing, lycee):
    page = text(sharing_browser.get("/campagnes"))
    assert '<a href="/campagnes" aria-current="page">Campagnes</a>' in page
    empty = follow(sharing_browser, post(sharing_browser, "/campagnes", campaignCode="   "), "/campagnes")
    assert empty.status_code == 422 and f'id="campaignCode-error-1">{EMPTY_CODE}</p>' in text(empty)
    wrong = follow(sharing_browser, post(sharing_browser, "/campagnes", campaignCode="NOPE99"), "/campagnes")
    assert wrong.status_code == 404 and f'id="campaignCode-error-1">{WRONG_CODE}</p>' in text(wrong)
    hostile = follow(sharing_browser, post(sharing_browser, "/campagnes", campaignCode="../x"), "/campagnes")
    assert WRONG_CODE in text(hostile)
    campaign = new_campaign(sharing, lycee)
    typed = campaign["code"].lower()[:3] + " " + campaign["code"].lower()[3:]
    right = post(sharing_browser, "/campagnes", campaignCode=typed)
    assert right.location == f"/campagnes/{campaign['code']}"
    page = text(sharing_browser.get(right.location))
    assert "<h1>Rentrée numérique</h1>" in page and "Proposée par Lycée Jean Moulin" in page
    assert "Je commence" in page and 'id="studentNumber"' not in page


def test_sup_asks_the_student_number_to_join(sharing_browser, person, sharing):
    university = sharing.add_org("Université", "SUP", "UNIV-2345")
    campaign = new_campaign(sharing, university, org=university)
    path = f"/campagnes/{campaign['code']}"
    answer = follow(sharing_browser, post(sharing_browser, f"{path}/participation"), path)
    assert answer.status_code == 422 and "Votre numéro d'étudiant n'est pas renseigné." in text(answer)
    joined = post(sharing_browser, f"{path}/participation", studentNumber="E42")
    assert joined.location.startswith("/campagnes/parcours/")
    assert calls(sharing, "POST", "/api/campaigns/participations")[-1][3] == {"campaignCode": campaign["code"],
                                                                               "studentNumber": "E42"}


def test_an_assessment_from_preparation_to_the_sent_result(sharing_browser, person, sharing, lycee):
    campaign = new_campaign(sharing, lycee, multiple=True)
    joined = post(sharing_browser, f"/campagnes/{campaign['code']}/participation")
    participation_id = joined.location.rsplit("/", 1)[1]
    waiting = sharing_browser.get(joined.location)
    page = text(waiting)
    assert waiting.status_code == 200 and "Préparation de votre parcours…" in page
    assert 'data-reload-after="2"' in page and "http-equiv" not in page and 'role="status"' in page
    sharing.tests[participation_id] = "started"
    to_test = sharing_browser.get(joined.location)
    assert to_test.location == f"/evaluation/{participation_id}"
    challenge = text(sharing_browser.get(to_test.location))
    assert "Une question de campagne ?" in challenge and "<h1>Parcours de campagne</h1>" in challenge
    assert "None" not in challenge and 'class="eyebrow"' not in challenge
    sharing.tests[participation_id] = "completed"  # sharing has not the result yet
    assert sharing_browser.get(f"/evaluation/{participation_id}").location == joined.location
    assert "Calcul de votre résultat…" in text(sharing_browser.get(joined.location))
    sharing.participations[participation_id].update(status="TO_SHARE", result={
        "masteryRate": 62, "validatedSkills": 5, "targetSkills": 8,
        "competences": [{"code": "1.1", "validated": 5, "total": 8, "masteryRate": 62}]})
    page = re.sub(r">\s+<", "><", text(sharing_browser.get(joined.location)))
    assert "Vous maîtrisez 62 % du profil cible" in page and "Acquis validés : 5 sur 8" in page
    assert '<th scope="row">1.1 Mener une recherche</th><td>62 %</td><td>5 / 8</td>' in page
    assert "J'envoie mes résultats" in page
    sent = post(sharing_browser, f"/campagnes/parcours/{participation_id}/envoi")
    assert sent.location == f"/campagnes/parcours/{participation_id}?info=sent"
    page = text(sharing_browser.get(sent.location))
    assert "C'est envoyé." in page and "Envoyé à Lycée Jean Moulin le 1 décembre 2026 à 13 h 00." not in page
    assert "Envoyé à Lycée Jean Moulin le 1er décembre 2026 à 13 h 00." in page
    assert "Retenter" not in page


def test_a_retry_when_allowed_and_its_refusal(sharing_browser, person, sharing, lycee):
    campaign = new_campaign(sharing, lycee, multiple=True)
    joined = post(sharing_browser, f"/campagnes/{campaign['code']}/participation")
    participation_id = joined.location.rsplit("/", 1)[1]
    sharing.participations[participation_id].update(status="SHARED", result={"masteryRate": 40}, canRetry=False,
                                                    retryAt="2026-12-05T12:00:00Z")
    page = text(sharing_browser.get(joined.location))
    assert "Vous pourrez retenter à partir du 5 décembre à 13 h 00" in page
    refused = follow(sharing_browser, post(sharing_browser, f"/campagnes/parcours/{participation_id}/nouvel-essai"),
                     joined.location)
    assert refused.status_code == 409 and "Trop tôt pour retenter." in text(refused)
    sharing.participations[participation_id]["canRetry"] = True
    assert "Retenter" in text(sharing_browser.get(joined.location))
    again = post(sharing_browser, f"/campagnes/parcours/{participation_id}/nouvel-essai")
    new_id = again.location.rsplit("/", 1)[1]
    assert new_id != participation_id and sharing.participations[new_id]["attempt"] == 2


def test_sending_before_the_end_is_refused_on_the_page(sharing_browser, person, sharing, lycee):
    campaign = new_campaign(sharing, lycee)
    joined = post(sharing_browser, f"/campagnes/{campaign['code']}/participation")
    participation_id = joined.location.rsplit("/", 1)[1]
    answer = follow(sharing_browser, post(sharing_browser, f"/campagnes/parcours/{participation_id}/envoi"),
                    joined.location)
    assert answer.status_code == 409 and "Le test n'est pas terminé." in text(answer)


def test_a_profile_collection_asks_consent_then_sends(sharing_browser, person, sharing, lycee):
    campaign = new_campaign(sharing, lycee, kind="PROFILES_COLLECTION")
    joined = post(sharing_browser, f"/campagnes/{campaign['code']}/participation")
    page = text(sharing_browser.get(joined.location))
    assert "En cliquant sur « Envoyer », vous transmettez à Lycée Jean Moulin :" in page
    assert "Score total : 52 pix" in page and "Il ne recevra pas les évolutions futures de votre profil." in page
    assert "J'envoie mon profil" in page
    participation_id = joined.location.rsplit("/", 1)[1]
    sent = post(sharing_browser, f"/campagnes/parcours/{participation_id}/envoi")
    assert sharing.participations[participation_id]["status"] == "SHARED"
    assert "Envoyé à Lycée Jean Moulin" in text(sharing_browser.get(sent.location))
    listed = text(sharing_browser.get("/campagnes"))
    assert "Mes campagnes" in listed and f'href="/campagnes/parcours/{participation_id}">Rentrée numérique' in listed


def test_someone_else_s_participation_is_not_found(sharing_browser, person, sharing):
    answer = sharing_browser.get("/campagnes/parcours/0b7e6a52-3c1d-4a8e-9f00-1234567890ab")
    assert answer.status_code == 404
    assert sharing_browser.get("/campagnes/parcours/NOT_AN_ID").status_code == 404


def test_the_participant_side_in_english(sharing_browser, person, sharing, lycee):
    sharing_browser.get("/langue/en?next=/")
    empty = follow(sharing_browser, post(sharing_browser, "/campagnes", campaignCode=""), "/campagnes")
    assert "Please enter a code." in text(empty)
    wrong = follow(sharing_browser, post(sharing_browser, "/campagnes", campaignCode="NOPE99"), "/campagnes")
    assert "Your code is wrong; please check it or contact the organizer." in text(wrong)
