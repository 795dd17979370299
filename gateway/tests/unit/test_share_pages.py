"""The share flow, /partager, against sharing's fake: the code (spaces, dash, case
tolerated) and its errors next to the field, the organization's name to confirm, the
student number for SUP, the optional campaign code, the consent listing what is sent from
the preview and that later progress is not, "Envoyer" and its confirmation, what I shared."""
from __future__ import annotations

import pytest

from .sharing_pages import account, calls, follow, post, sign_in, text


@pytest.fixture
def person(sharing_services, sharing_browser):
    identity, _ = sharing_services
    sign_in(sharing_browser, account(identity))
    return sharing_browser


@pytest.fixture
def lycee(sharing):
    return sharing.add_org("Lycée Jean Moulin", "SCO", "ABCD-2345")


@pytest.fixture
def university(sharing):
    return sharing.add_org("Université de Lyon", "SUP", "UNIV-6789")


def test_signed_in_the_share_page_is_the_code_form_and_marked_in_the_navigation(person):
    page = text(person.get("/partager"))
    assert "<h1>Partager mon profil</h1>" in page and 'for="code">Code de l\'organisation</label>' in page
    assert '<a href="/partager" aria-current="page">Partager</a>' in page
    assert "Bientôt disponible" not in page


@pytest.mark.parametrize("typed", ["ABCD-2345", "abcd2345", " abcd 2345 ", "AbCd - 2345"])
def test_the_code_is_tolerant_and_leads_to_the_organization_to_confirm(person, sharing, lycee, typed):
    answer = post(person, "/partager", code=typed)
    assert answer.status_code == 303 and answer.location == "/partager/ABCD-2345"
    assert calls(sharing, "GET", "/api/organizations/by-code/ABCD-2345")
    page = text(person.get(answer.location))
    assert "Vous allez partager votre profil avec : Lycée Jean Moulin" in page
    assert 'id="studentNumber"' not in page  # not SUP


def test_an_unknown_code_is_said_next_to_the_field_then_the_right_one_goes_on(person, sharing, lycee):
    page = text(follow(person, post(person, "/partager", code="ZZZZ-9999"), "/partager"))
    assert 'id="code-error-1">Ce code ne correspond à aucune organisation.</p>' in page
    assert 'aria-invalid="true"' in page and 'value="ZZZZ-9999"' in page and 'role="alert"' in page
    assert post(person, "/partager", code="abcd-2345").location == "/partager/ABCD-2345"


def test_an_empty_code_is_required_and_never_sent(person, sharing):
    answer = follow(person, post(person, "/partager", code="  "), "/partager")
    assert answer.status_code == 422
    assert 'id="code-error-1">Veuillez saisir le code de l\'organisation.</p>' in text(answer)
    assert [c for c in sharing.calls if "by-code" in c[1]] == []


def test_a_hostile_code_is_refused_without_a_call(person, sharing):
    answer = follow(person, post(person, "/partager", code="../../admin"), "/partager")
    assert "Ce code ne correspond à aucune organisation." in text(answer)
    assert [c for c in sharing.calls if "by-code" in c[1]] == []


def test_the_consent_lists_what_is_sent_from_the_preview_and_not_the_future(person, sharing, lycee):
    page = text(person.get("/partager/ABCD-2345"))
    assert calls(sharing, "GET", "/api/shares/preview")[0][2] == "code=ABCD-2345"
    assert "En cliquant sur « Envoyer », vous transmettez à Lycée Jean Moulin :" in page
    assert "vos nom et prénom ;" in page and "votre profil tel qu'il est aujourd'hui :" in page
    assert "Score total : 52 pix" in page and "12 % de profil complet" in page
    assert '<th scope="row">1.1 Mener une recherche</th><td>3</td><td>30</td>' in page  # titles from the framework
    assert "1.2 Gérer des données" not in page  # not evaluated: not listed
    assert "Il ne recevra pas les évolutions futures de votre profil." in page
    assert 'for="campaignCode">Code de campagne (facultatif)</label>' in page
    assert '<button type="submit" class="button">Envoyer</button>' in page


def test_send_records_the_share_and_confirms_it_then_lists_it(person, sharing, lycee):
    answer = post(person, "/partager/ABCD-2345/envoi", studentNumber="", campaignCode="")
    share = sharing.shares[-1]
    assert share["body"] == {"organizationCode": "ABCD-2345"}
    assert answer.status_code == 303 and answer.location == f"/partager/mes-envois?envoi={share['shareId']}"
    page = text(person.get(answer.location))
    assert "Votre profil a été envoyé à Lycée Jean Moulin le 2 décembre 2026 à 14 h 05." in page  # Paris time
    assert '<th scope="row">Lycée Jean Moulin</th><td>2 décembre 2026 à 14 h 05</td><td>Non</td>' in page
    assert 'id="share-sent-table-1">Les profils que vous avez partagés' in page
    assert '<th scope="col">Date d\'envoi</th>' in page
    later = text(person.get("/partager/mes-envois"))
    assert "Votre profil a été envoyé" not in later and "Lycée Jean Moulin" in later


def test_sup_asks_the_student_number_and_sharing_s_refusal_is_next_to_it(person, sharing, university):
    page = text(person.get("/partager/UNIV-6789"))
    assert 'for="studentNumber">Numéro d\'étudiant</label>' in page and "votre numéro d'étudiant ;" in page
    answer = follow(person, post(person, "/partager/UNIV-6789/envoi", studentNumber=""), "/partager/UNIV-6789")
    page = text(answer)
    assert answer.status_code == 422
    assert 'id="studentNumber-error-1">Votre numéro d\'étudiant n\'est pas renseigné.</p>' in page
    sent = post(person, "/partager/UNIV-6789/envoi", studentNumber="E12345")
    assert sent.status_code == 303 and sharing.shares[-1]["body"] == {"organizationCode": "UNIV-6789",
                                                                       "studentNumber": "E12345"}


def test_a_wrong_campaign_code_is_next_to_its_field(person, sharing, lycee):
    answer = follow(person, post(person, "/partager/ABCD-2345/envoi", campaignCode="NOPE"), "/partager/ABCD-2345")
    assert 'id="campaignCode-error-1">Votre code est erroné' in text(answer)
    assert 'value="NOPE"' in text(answer)


def test_a_code_gone_meanwhile_goes_back_to_the_first_step(person, sharing):
    answer = follow(person, person.get("/partager/GONE-2345"), "/partager")
    assert answer.status_code == 404 and "Ce code ne correspond à aucune organisation." in text(answer)


def test_no_share_yet_and_english(person, sharing, lycee):
    none = text(person.get("/partager/mes-envois"))
    assert "Vous n'avez encore partagé votre profil avec aucune organisation." in none
    person.get("/langue/en?next=/partager")
    page = text(person.get("/partager/ABCD-2345"))
    assert "You are about to share your profile with: Lycée Jean Moulin" in page
    assert "It will not receive the future changes of your profile." in page
    assert calls(sharing, "GET", "/api/shares/preview")[-1][4] == "en"


def test_sharing_away_is_a_503_page(person, sharing, lycee):
    person.application.extensions["pix_web"].service_urls["sharing"] = "http://127.0.0.1:9"
    answer = person.get("/partager/mes-envois")
    assert answer.status_code == 503 and "momentanément indisponible" in text(answer)
    answer = follow(person, post(person, "/partager", code="ABCD-2345"), "/partager")
    assert answer.status_code == 503 and "momentanément indisponible" in text(answer)


def test_signed_out_the_flow_asks_to_sign_in(sharing_browser):
    browser = sharing_browser
    assert browser.get("/partager/ABCD-2345").location == "/connexion?info=required&next=/partager/ABCD-2345"
    assert browser.get("/partager/mes-envois").status_code == 303
    assert browser.get("/partager/AB%3Cscript").status_code == 404  # not a code: whoever asks


def test_the_confirmation_does_not_wait_for_sharing_s_list(person, sharing, lycee):
    answer = post(person, "/partager/ABCD-2345/envoi")
    sharing.shares.clear()  # the list of my sendings is a read model, a moment behind
    page = text(person.get(answer.location))
    assert "Votre profil a été envoyé à Lycée Jean Moulin le 2 décembre 2026 à 14 h 05." in page
    assert '<th scope="row">Lycée Jean Moulin</th>' in page
