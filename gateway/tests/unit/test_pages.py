"""The web shell against a small fake of identity's API, served over loopback like a real
service: sessions, CSRF, token refresh, error mapping, and no 500 on bad input."""
from __future__ import annotations

import html
import re
import uuid

import pytest
from flask import Flask, jsonify, request

from .conftest import served, web_browser


def fake_identity() -> Flask:
    app = Flask("fake_identity")
    app.users, app.tokens, app.calls = {}, {}, []

    def error(status, code, message="refusé", fields=None):
        answer = jsonify(code=code, message=message, details={"fields": fields} if fields else {})
        answer.status_code = status
        return answer

    def me():
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return app.users.get(app.tokens.get(token, {}).get("email", ""))

    def pair(email):
        access, refresh = uuid.uuid4().hex, uuid.uuid4().hex
        app.tokens[access] = app.tokens[refresh] = {"email": email}
        return jsonify(accessToken=access, tokenType="Bearer", expiresIn=app.config.get("EXPIRES", 600),
                       refreshToken=refresh)

    @app.before_request
    def log():
        app.calls.append((request.method, request.path, request.headers.get("Accept-Language"),
                          request.headers.get("X-Forwarded-For")))

    @app.get("/api/users/robot-check")
    def puzzle():
        return jsonify(challenge="1.ab.cd", difficulty=4)

    @app.post("/api/users")
    def sign_up():  # as identity's schema: every field's error in one answer
        body = app.last_sign_up = request.get_json()
        fields = {name: [{"code": "REQUIRED", "message": "Ce champ est obligatoire."}]
                  for name in ("firstName", "lastName", "email", "password") if not body.get(name)}
        if body.get("password") and len(body["password"]) < 8:
            fields["password"] = [{"code": "PASSWORD_TOO_WEAK", "message": "Mot de passe trop faible."}]
        if body.get("acceptTerms") is not True:
            fields["acceptTerms"] = [{"code": "TERMS_NOT_ACCEPTED", "message": "Conditions non acceptées."}]
        if fields:
            return error(422, "VALIDATION_ERROR", fields=fields)
        if body["email"] in app.users:
            return error(409, "EMAIL_TAKEN")
        app.users[body["email"]] = {**body, "id": uuid.uuid4().hex}
        return jsonify(id=app.users[body["email"]]["id"]), 201

    @app.post("/api/token")
    def token():
        body = request.get_json()
        user = app.users.get(body.get("email"))
        if not user or user["password"] != body.get("password"):
            return error(401, "INVALID_CREDENTIALS")
        return pair(user["email"])

    @app.post("/api/token/refresh")
    def refresh():
        owner = app.tokens.pop(request.get_json().get("refreshToken"), None)
        return pair(owner["email"]) if owner else error(401, "INVALID_TOKEN")

    @app.post("/api/token/revoke")
    def revoke():
        app.tokens.pop(request.get_json().get("refreshToken"), None)
        return "", 204

    @app.post("/api/password-resets")
    def ask_reset():
        app.reset_asked = request.get_json()["email"]
        return "", 202

    @app.post("/api/password-resets/confirmation")
    def confirm_reset():
        body = request.get_json()
        if body["token"] != "good.mac":
            return error(400, "RESET_LINK_INVALID")
        if len(body["password"]) < 8:
            return error(422, "VALIDATION_ERROR", fields={"password": [{"code": "PASSWORD_TOO_WEAK",
                                                                          "message": "Mot de passe trop faible."}]})
        app.new_password = body["password"]
        return "", 204

    @app.route("/api/users/me", methods=["GET", "PATCH", "DELETE"])
    def users_me():
        user = me()
        if user is None:
            return error(401, "INVALID_TOKEN")
        if request.method == "PATCH":
            user.update(request.get_json())
        if request.method == "DELETE":
            del app.users[user["email"]]
            return "", 204
        return jsonify({k: user[k] for k in ("id", "firstName", "lastName", "email")})

    return app


@pytest.fixture(scope="module")
def identity():
    with served(fake_identity()) as (app,):
        yield app


@pytest.fixture
def browser(identity):
    identity.config.update(EXPIRES=600)
    return web_browser({"identity": identity.url})


def text(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text(client.get(path))).group(1)


def shown(client, answer, path: str):
    """A refused form's answer: a 303 to the page's own address (post/redirect/get), then
    that page as the browser shows it, with the values and errors kept."""
    assert answer.status_code == 303 and answer.location.partition("?")[0] == path, (answer.status_code,
                                                                                       answer.location)
    return client.get(answer.location)


def sign_up(client, email="ana@example.fr", **changes):
    page = text(client.get("/inscription"))
    puzzle = re.search(r'name="robotChallenge" value="([^"]+)"', page)
    form = {"firstName": "Ana", "lastName": "Lima", "email": email, "password": "Secret123",
            "acceptTerms": "on", "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
            **({"robotChallenge": puzzle.group(1), "robotCounter": "17"} if puzzle else {}), **changes}
    return client.post("/inscription", data=form)


def test_sign_up_opens_a_server_side_session_and_leads_to_the_profile(browser, identity):
    answer = sign_up(browser, "s1@example.fr")
    assert answer.status_code == 303 and answer.location == "/mon-profil"
    cookie = answer.headers["Set-Cookie"]
    assert "pix_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here
    page = text(browser.get("/mon-compte"))
    assert "s1@example.fr" in page and "Se déconnecter" in page
    assert identity.last_sign_up["acceptTerms"] is True
    # The puzzle identity served is on the form; the browser's answer goes back with the sign-up.
    assert identity.last_sign_up["robotProof"] == {"challenge": "1.ab.cd", "counter": 17}


def test_a_post_without_the_session_csrf_token_is_a_400_page(browser):
    sign_up(browser, "s2@example.fr")
    answer = browser.post("/mon-compte/suppression", data={"confirm": "on", "csrf_token": "forged"})
    assert answer.status_code == 400 and "text/html" in answer.content_type
    assert "Le formulaire a expiré" in text(answer)
    assert browser.post("/connexion", data={"email": "x", "password": "y"}).status_code == 400


def test_form_errors_are_shown_next_to_fields_and_in_the_summary(browser):
    answer = shown(browser, sign_up(browser, "not-an-email", acceptTerms="", firstName="  "), "/inscription")
    page = text(answer)
    assert answer.status_code == 422 and 'role="alert"' in page
    assert "Vous devez accepter les conditions d'utilisation de Pix pour créer un compte." in page
    assert "L'adresse e-mail n'est pas valide." in page and page.count('aria-invalid="true"') == 3
    weak = text(shown(browser, sign_up(browser, "s3@example.fr", password="short"), "/inscription"))
    assert "Mot de passe trop faible." in weak and 'id="password-error-1"' in weak


def test_wrong_password_and_taken_email_read_as_people_expect(browser):
    sign_up(browser, "s4@example.fr")
    assert "déjà utilisée" in text(shown(browser, sign_up(browser, "s4@example.fr"), "/inscription"))
    form = {"email": "s4@example.fr", "password": "Nope12345", "csrf_token": csrf(browser, "/connexion")}
    answer = shown(browser, browser.post("/connexion", data=form), "/connexion")
    assert answer.status_code == 422
    assert "L'adresse e-mail ou le mot de passe est incorrect." in text(answer)


def test_an_expired_access_token_is_refreshed(browser, identity):
    identity.config["EXPIRES"] = 0
    sign_up(browser, "s5@example.fr")
    assert "s5@example.fr" in text(browser.get("/mon-compte"))
    assert ("POST", "/api/token/refresh") in [c[:2] for c in identity.calls[-3:]]


def test_rename_logout_and_delete(browser):
    sign_up(browser, "s6@example.fr")
    token = csrf(browser, "/mon-compte")
    renamed = browser.post("/mon-compte/nom", data={"firstName": "Bia", "lastName": "Lu", "csrf_token": token})
    assert renamed.location == "/mon-compte?info=renamed"
    assert "Bia" in text(browser.get("/mon-compte?info=renamed"))
    refused = shown(browser, browser.post("/mon-compte/suppression", data={"csrf_token": token}), "/mon-compte")
    assert refused.status_code == 422 and "Cochez la case" in text(refused)
    deleted = browser.post("/mon-compte/suppression", data={"confirm": "on", "csrf_token": token})
    assert deleted.location == "/?info=deleted"
    assert browser.get("/mon-compte").location == "/connexion?info=required&next=/mon-compte"


def test_english_through_the_switch_and_no_open_redirect(browser, identity):
    switched = browser.get("/langue/en?next=//evil.example/")
    assert switched.location == "/" and "pix_lang=en" in switched.headers["Set-Cookie"]
    page = text(browser.get("/connexion"))
    assert '<html lang="en">' in page and "Sign in" in page
    sign_up(browser, "s7@example.fr")
    assert identity.calls[-1][2:] == ("en", "127.0.0.1")


def test_identity_away_gives_a_page_not_a_500(browser, identity):
    browser.application.extensions["pix_web"].service_urls = {"identity": "http://127.0.0.1:9"}
    answer = shown(browser, sign_up(browser, "s8@example.fr"), "/inscription")
    assert answer.status_code == 503 and "momentanément indisponible" in text(answer)


def test_the_robot_puzzle_goes_to_the_form_and_its_answer_to_identity(browser, identity):
    page = text(browser.get("/inscription"))
    assert 'data-robot-challenge="1.ab.cd"' in page and 'data-robot-difficulty="4"' in page
    sign_up(browser, "s9@example.fr", robotChallenge="1.ab.cd", robotCounter="42")
    assert identity.last_sign_up["robotProof"] == {"challenge": "1.ab.cd", "counter": 42}


def test_garbage_input_never_gives_a_500(browser):
    token = csrf(browser, "/inscription")
    for path in ("/inscription", "/connexion", "/mot-de-passe-oublie", "/mon-compte/nom", "/deconnexion"):
        for form in ({}, {"email": "é" * 5000, "password": "\x00", "firstName": ["a", "b"]},
                     {"robotChallenge": "x", "robotCounter": "9" * 40}, {"robotChallenge": "x", "robotCounter": "²"}):
            answer = browser.post(path, data={**form, "csrf_token": token})
            assert answer.status_code < 500, (path, form)
    assert browser.get("/langue/xx?next=/connexion").status_code == 303


def test_forgot_password_asks_identity_and_says_the_same_for_any_address(browser, identity):
    sent = browser.post("/mot-de-passe-oublie", data={"email": "qui@example.fr",
                                                      "csrf_token": csrf(browser, "/mot-de-passe-oublie")})
    assert sent.location == "/mot-de-passe-oublie?info=sent"
    page = browser.get(sent.location)
    assert page.status_code == 200 and "Si un compte existe pour cette adresse" in text(page)
    assert identity.reset_asked == "qui@example.fr"


def test_the_mailed_link_opens_the_new_password_page_and_leads_to_login(browser, identity):
    page = text(browser.get("/mot-de-passe/nouveau?jeton=good.mac"))
    assert 'name="token" value="good.mac"' in page and 'autocomplete="new-password"' in page
    token = csrf(browser, "/mot-de-passe/nouveau?jeton=good.mac")
    weak = browser.post("/mot-de-passe/nouveau", data={"token": "good.mac", "password": "court", "csrf_token": token})
    assert weak.location == "/mot-de-passe/nouveau?jeton=good.mac"
    weak = browser.get(weak.location)
    assert weak.status_code == 422 and 'name="token" value="good.mac"' in text(weak)
    assert "Mot de passe trop faible." in text(weak)
    done = browser.post("/mot-de-passe/nouveau", data={"token": "good.mac", "password": "Nouveau2025",
                                                       "csrf_token": token})
    assert done.status_code == 303 and done.location == "/connexion?info=passwordchanged"
    assert "Votre mot de passe a été changé" in text(browser.get(done.location))
    assert identity.new_password == "Nouveau2025"


def test_a_used_or_missing_link_says_so_and_offers_a_new_one(browser):
    assert "Demander un nouveau lien" in text(browser.get("/mot-de-passe/nouveau"))
    token = csrf(browser, "/mot-de-passe/nouveau?jeton=old.mac")
    used = shown(browser, browser.post("/mot-de-passe/nouveau", data={"token": "old.mac", "password": "Nouveau2025",
                                                                      "csrf_token": token}), "/mot-de-passe/nouveau")
    assert used.status_code == 400 and "n'est plus valable" in text(used)


def test_the_sign_up_form_says_when_the_robot_check_is_working_or_impossible(browser):
    page = text(browser.get("/inscription"))
    assert 'class="robot-status hint" role="status" aria-live="polite"' in page
    assert 'data-text-working="Vérification anti-robot en cours (quelques secondes)…"' in page
    assert "ouvrez Pix en https" in page


def test_a_refused_form_comes_back_at_an_address_that_reloads_and_switches_language(browser):
    sign_up(browser, "p1@example.fr")
    token = csrf(browser, "/mon-compte")
    refused = browser.post("/mon-compte/nom", data={"firstName": "", "lastName": "Lu", "csrf_token": token})
    assert refused.status_code == 303 and refused.location == "/mon-compte"
    page = text(browser.get("/mon-compte"))
    assert "Ce champ est obligatoire." in page and 'value="Lu"' in page  # what was typed, with the error
    again = text(browser.get("/mon-compte"))  # a reload: the page, without the old error
    assert "Ce champ est obligatoire." not in again and 'role="alert"' not in again
    browser.post("/mon-compte/nom", data={"firstName": "", "lastName": "Lu", "csrf_token": token})
    switched = browser.get("/langue/en?next=/mon-compte")
    assert switched.location == "/mon-compte" and "My account" in text(browser.get("/mon-compte"))


def test_what_a_form_left_is_shown_by_the_next_page_only(browser):
    browser.post("/connexion", data={"email": "", "password": "", "csrf_token": csrf(browser, "/connexion")})
    assert 'role="alert"' not in text(browser.get("/inscription"))  # went elsewhere: dropped
    assert 'role="alert"' not in text(browser.get("/connexion"))


def test_sign_up_reports_every_field_s_error_at_once_and_keeps_what_was_typed(browser, identity):
    answer = shown(browser, sign_up(browser, "pas-une-adresse", firstName="", lastName="Lima", password="court",
                                    acceptTerms=""), "/inscription")
    page = text(answer)
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert re.findall(r'<a href="#(\w+)">', summary) == ["firstName", "email", "password", "acceptTerms"]
    assert "Mot de passe trop faible." in summary and "L'adresse e-mail n'est pas valide." in summary
    assert "Conditions non acceptées." not in page  # the page's own words for the box, said once
    assert 'value="Lima"' in page and 'value="pas-une-adresse"' in page
    assert 'value="court"' not in page  # the password was what was wrong: typed again
    # identity checked the password, and never got what the page refused: no account possible
    assert identity.last_sign_up["password"] == "court"
    assert not {"firstName", "email", "acceptTerms"} & set(identity.last_sign_up)


def test_a_right_password_stays_when_only_another_field_was_wrong(browser):
    page = text(shown(browser, sign_up(browser, "p2@example.fr", lastName=""), "/inscription"))
    assert re.search(r'id="password" name="password" type="password"[^>]*value="Secret123"', page)
    assert 'id="lastName-error-1"' in page and "password-error" not in page
    assert 'value="Secret123"' not in text(browser.get("/inscription"))  # shown once, then forgotten


def test_the_terms_box_links_to_the_terms_and_the_footer_to_every_legal_page(browser):
    page = text(browser.get("/inscription"))
    assert re.search(r"<label for=\"acceptTerms\">J'accepte les <a href=\"/conditions-utilisation\" "
                     r"target=\"_blank\" rel=\"noopener\">conditions d'utilisation de Pix</a></label>", page)
    assert 'aria-describedby="acceptTerms-hint"' in page
    for path, name in (("/mentions-legales", "Mentions légales"),
                       ("/conditions-utilisation", "Conditions d'utilisation"),
                       ("/donnees-personnelles", "Politique de protection des données"),
                       ("/accessibilite", "Accessibilité : partiellement conforme")):
        assert f'<a href="{path}">{name}</a>' in page


def test_a_field_s_attributes_are_attributes_not_escaped_text(browser):
    page = browser.get("/inscription").get_data(as_text=True)
    assert 'autocomplete="given-name" maxlength="255"' in page and 'minlength="8" maxlength="255"' in page
    assert "&#34;" not in page
