"""The admin space, /administration, against test_pages' fake of identity with the admin
routes added, served over loopback like a real service: who may open it, the search by
e-mail, the roles form (SUPER_ADMIN), the anonymization form (SUPER_ADMIN, SUPPORT), the
navigation's link from the roles the session keeps, English, bad ids, a service away."""
from __future__ import annotations

import base64
import json
import re
import uuid

import pytest
from flask import Flask, jsonify, request
from pix_gateway.web import sessions

from .conftest import served, web_browser
from .test_pages import csrf, fake_identity, text

PASSWORD = "Secret123"  # noqa: S105 - the fake's accounts
MESSAGES = {"CANNOT_DEMOTE_SELF": {"fr": "Vous ne pouvez pas retirer votre propre rôle SUPER_ADMIN.",
                                   "en": "You cannot take away your own SUPER_ADMIN role."},
            "USER_NOT_FOUND": {"fr": "Ce compte n'existe pas.", "en": "This account does not exist."},
            "FORBIDDEN": {"fr": "Accès refusé.", "en": "Access denied."}}


def access_token(user: dict) -> str:
    """JWT-shaped like identity's (the signature is not checked by the web pages)."""
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    claims = {"sub": user["id"], "roles": list(user.get("roles", [])), "jti": uuid.uuid4().hex}
    return f"{part({'alg': 'EdDSA', 'kid': 'k1'})}.{part(claims)}.c2lnbmF0dXJl"


def fake_admin_identity() -> Flask:
    """test_pages' fake, whose tokens now carry the roles (as identity's access tokens do:
    the roles of the moment they are made), whose /api/users/me says the roles of the
    moment, and with the admin routes, which check the token's roles."""
    app = fake_identity()

    def error(status, code, fields=None):
        lang = request.headers.get("Accept-Language", "fr")
        answer = jsonify(code=code, message=MESSAGES.get(code, {}).get(lang, "refusé"),
                         details={"fields": fields} if fields else {})
        answer.status_code = status
        return answer

    def shown(user):
        return jsonify({**{k: user[k] for k in ("id", "firstName", "lastName", "email", "roles")}, "locale": "fr-FR"})

    def pair(user):
        access, refresh = access_token(user), uuid.uuid4().hex
        app.tokens[access] = {"email": user["email"], "roles": list(user.get("roles", []))}
        app.tokens[refresh] = {"email": user["email"]}
        return jsonify(accessToken=access, tokenType="Bearer", expiresIn=600, refreshToken=refresh)

    def token():
        body = request.get_json()
        user = app.users.get(body.get("email"))
        if not user or user["password"] != body.get("password"):
            return error(401, "INVALID_CREDENTIALS")
        return pair(user)

    def refresh():
        owner = app.tokens.pop(request.get_json().get("refreshToken"), None)
        return pair(app.users[owner["email"]]) if owner else error(401, "INVALID_TOKEN")

    def users_me():
        grant = app.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
        user = app.users.get(grant["email"]) if grant else None
        if user is None:
            return error(401, "INVALID_TOKEN")
        return shown(user)

    app.view_functions.update(token=token, refresh=refresh, users_me=users_me)

    def admin(rule: str, method: str, *roles: str):
        """An admin route: the caller's token must carry one of `roles`; the account of
        the path's <user_id> (or the caller, on routes without one) must exist."""
        def register(handle):
            def view(user_id=None):
                grant = app.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
                if grant is None:
                    return error(401, "INVALID_TOKEN")
                if not set(grant.get("roles", [])) & set(roles):
                    return error(403, "FORBIDDEN")
                user = next((u for u in app.users.values() if u["id"] == user_id), None) if user_id else None
                if user_id and user is None:
                    return error(404, "USER_NOT_FOUND")
                return handle(app.users[grant["email"]], user)
            app.add_url_rule(rule, handle.__name__, view, methods=[method])
        return register

    @admin("/api/admin/users", "GET", "SUPER_ADMIN", "SUPPORT")
    def find(caller, _):
        email = request.args.get("email", "")
        if "@" not in email:
            return error(422, "VALIDATION_ERROR", {"email": [{"code": "INVALID", "message": "E-mail invalide."}]})
        user = next((u for u in app.users.values() if u["email"].lower() == email.lower()), None)
        return shown(user) if user else error(404, "USER_NOT_FOUND")

    @admin("/api/admin/users/<user_id>", "GET", "SUPER_ADMIN", "SUPPORT")
    def read(caller, user):
        return shown(user)

    @admin("/api/admin/users/<user_id>/roles", "PUT", "SUPER_ADMIN")
    def set_roles(caller, user):
        roles = app.last_roles = request.get_json()["roles"]
        if user is caller and "SUPER_ADMIN" not in roles:
            return error(409, "CANNOT_DEMOTE_SELF")
        user["roles"] = sorted(set(roles))
        return shown(user)

    @admin("/api/admin/users/<user_id>/anonymization", "POST", "SUPER_ADMIN", "SUPPORT")
    def anonymization(caller, user):
        app.anonymized = user["id"]
        user.update(firstName="Anonyme", lastName="Anonyme", email="")
        return "", 204

    return app


def account(app: Flask, email: str, *roles: str, first="Ana", last="Lima") -> dict:
    app.users[email] = {"id": str(uuid.uuid4()), "firstName": first, "lastName": last, "email": email,
                        "password": PASSWORD, "roles": list(roles)}
    return app.users[email]


@pytest.fixture(scope="module")
def identity():
    with served(fake_admin_identity()) as (app,):
        yield app


@pytest.fixture
def browser(identity):
    return web_browser({"identity": identity.url})


@pytest.fixture
def people(identity):
    """A super admin, a support agent, a person with no role, each a fresh account."""
    tag = uuid.uuid4().hex[:8]
    return {"admin": account(identity, f"admin-{tag}@pix.fr", "SUPER_ADMIN", first="Sam", last="Admin"),
            "support": account(identity, f"support-{tag}@pix.fr", "SUPPORT", first="Sue", last="Port"),
            "ana": account(identity, f"ana-{tag}@example.fr", "CERTIF")}


def sign_in(client, user: dict):
    answer = client.post("/connexion", data={"email": user["email"], "password": PASSWORD,
                                             "csrf_token": csrf(client, "/connexion")})
    assert answer.status_code == 303, text(answer)


def post(client, path: str, **form):
    return client.post(path, data={**form, "csrf_token": csrf(client, "/administration")})


def refused_then_shown(client, path: str, **form):
    """A refused form goes back (post/redirect/get) to the account's page, which shows it."""
    sent = post(client, path, **form)
    account = path.split("/")[2]
    assert sent.status_code == 303 and sent.location == f"/administration?id={account}", sent.status_code
    return client.get(sent.location)


NAV_LINK = '<a class="audience" href="/administration">Administration</a>'
NAV_LINK_HERE = '<a class="audience" href="/administration" aria-current="page">Administration</a>'  # on the page


def test_signed_out_goes_to_the_login_page(browser, people):
    assert browser.get("/administration").location == "/connexion?info=required&next=/administration"
    token = csrf(browser, "/connexion")
    roles = browser.post(f"/administration/{people['ana']['id']}/roles", data={"csrf_token": token})
    assert roles.status_code == 303 and roles.location == "/connexion?info=required"


def test_without_an_admin_role_the_page_says_no_and_the_navigation_has_no_link(browser, people):
    sign_in(browser, people["ana"])
    assert NAV_LINK not in text(browser.get("/mon-compte"))
    answer = browser.get("/administration?email=" + people["admin"]["email"])
    assert answer.status_code == 403 and "Vous n'avez pas accès à cette page." in text(answer)
    refused = post(browser, f"/administration/{people['admin']['id']}/anonymisation", confirm="on")
    assert refused.status_code == 403 and "Vous n'avez pas accès à cette page." in text(refused)


def test_the_link_follows_the_roles_kept_in_the_session(browser, identity, people):
    sign_in(browser, people["support"])
    assert NAV_LINK in text(browser.get("/mon-compte"))  # from the access token's claims at sign-in
    identity.users[people["support"]["email"]]["roles"] = []  # taken away meanwhile
    assert browser.get("/administration").status_code == 403  # /api/users/me says so: the session forgets
    assert NAV_LINK not in text(browser.get("/mon-compte"))


def test_a_role_given_meanwhile_counts_from_the_next_access_token(browser, identity, people):
    sign_in(browser, people["ana"])
    identity.users[people["ana"]["email"]]["roles"] = ["CERTIF", "SUPPORT"]  # her token still says CERTIF
    assert NAV_LINK not in text(browser.get("/mon-compte"))
    stale = browser.get("/administration?email=" + people["admin"]["email"])  # the page opens, identity refuses
    assert stale.status_code == 403 and "Vous n'avez pas accès à cette page." in text(stale)
    for record in browser.application.extensions["pix_web"].sessions.records.values():
        record["accessExpiresAt"] = 0  # the access token expires: the refresh brings one with SUPPORT
    assert NAV_LINK in text(browser.get("/mon-compte"))
    assert people["admin"]["email"] in text(browser.get("/administration?email=" + people["admin"]["email"]))


def test_the_roles_claim_is_read_from_the_access_token_and_nothing_else_breaks_it():
    user = {"id": "u1", "roles": ["SUPPORT", "CERTIF"]}
    assert sessions.claimed_roles(access_token(user)) == ["SUPPORT", "CERTIF"]
    for token in (None, "", "opaque", "a.b.c", "a.%%%.c", "a.W10.c", "a.é.c", 42,
                  "a." + base64.urlsafe_b64encode(b'{"roles": "SUPER_ADMIN"}').decode() + ".c"):
        assert sessions.claimed_roles(token) == []


def test_support_finds_an_account_and_may_anonymize_but_not_change_roles(browser, people):
    sign_in(browser, people["support"])
    ana = people["ana"]
    answer = browser.get("/administration?email=" + ana["email"].upper())
    page = text(answer)
    assert answer.status_code == 200 and NAV_LINK_HERE in page
    for shown in ("Ana", "Lima", ana["email"], "CERTIF", ana["id"]):
        assert shown in page
    assert 'role="search"' in page and '<label for="email">Adresse e-mail</label>' in page
    assert f'action="/administration/{ana["id"]}/anonymisation"' in page
    assert "/roles" not in page and 'name="roles"' not in page
    assert "Je confirme l'anonymisation : les nom, prénom et adresse e-mail seront effacés définitivement." in page


def test_an_address_nobody_has_and_an_address_that_is_not_one(browser, people):
    sign_in(browser, people["support"])
    none = browser.get("/administration?email=personne@example.fr")
    assert none.status_code == 200 and "Aucun compte ne correspond à cette adresse." in text(none)
    bad = browser.get("/administration?email=pas-une-adresse")
    page = text(bad)
    assert bad.status_code == 422 and 'aria-invalid="true"' in page and 'href="#email"' in page
    assert "L'adresse e-mail n'est pas valide." in page and 'value="pas-une-adresse"' in page
    empty = text(browser.get("/administration"))
    assert "Aucun compte" not in empty and 'id="account-email"' not in empty


def test_a_super_admin_changes_roles_and_comes_back_to_the_account(browser, identity, people):
    sign_in(browser, people["admin"])
    ana = people["ana"]
    page = text(browser.get("/administration?email=" + ana["email"]))
    assert "<legend>Rôles du compte</legend>" in page
    for role in ("SUPER_ADMIN", "SUPPORT", "CERTIF"):
        assert f'<label for="role-{role}">{role}</label>' in page and f'id="role-{role}-text"' in page
    assert re.search(r'value="CERTIF"\s+aria-describedby="role-CERTIF-text" checked>', page)
    assert not re.search(r'value="SUPPORT"\s+aria-describedby="role-SUPPORT-text" checked>', page)
    saved = post(browser, f"/administration/{ana['id']}/roles", roles=["SUPPORT", "CERTIF", "ROOT"])
    assert saved.status_code == 303 and saved.location == f"/administration?id={ana['id']}&info=roles"
    assert identity.last_roles == ["SUPPORT", "CERTIF"] and ana["roles"] == ["CERTIF", "SUPPORT"]
    back = text(browser.get(saved.location))
    assert "Rôles enregistrés ; ils s'appliquent à la prochaine connexion de la personne." in back
    assert "CERTIF, SUPPORT" in back and f'value="{ana["email"]}"' in back
    cleared = post(browser, f"/administration/{ana['id']}/roles")
    assert cleared.status_code == 303 and ana["roles"] == []
    assert "Aucun rôle" in text(browser.get(cleared.location))


def test_a_refused_change_is_shown_in_the_summary_with_the_choices_kept(browser, identity, people):
    sign_in(browser, people["admin"])
    me = people["admin"]
    answer = refused_then_shown(browser, f"/administration/{me['id']}/roles", roles=["CERTIF"])
    page = text(answer)
    assert answer.status_code == 409 and 'class="error-summary" role="alert"' in page
    assert "Vous ne pouvez pas retirer votre propre rôle SUPER_ADMIN." in page
    assert re.search(r'value="CERTIF"\s+aria-describedby="role-CERTIF-text" checked>', page)
    assert me["roles"] == ["SUPER_ADMIN"]
    # The support's token has no SUPER_ADMIN: identity refuses, the page says so.
    browser.post("/deconnexion", data={"csrf_token": csrf(browser, "/administration")})
    sign_in(browser, people["support"])
    refused = post(browser, f"/administration/{people['ana']['id']}/roles", roles=["SUPPORT"])
    assert refused.status_code == 403 and "Vous n'avez pas accès à cette page." in text(refused)
    gone = post(browser, f"/administration/{uuid.uuid4()}/anonymisation", confirm="on")
    assert gone.status_code == 404 and "Ce compte n'existe pas." in text(gone)


def test_anonymization_needs_the_confirmation_then_erases(browser, identity, people):
    sign_in(browser, people["support"])
    ana = people["ana"]
    missing = refused_then_shown(browser, f"/administration/{ana['id']}/anonymisation")
    page = text(missing)
    assert missing.status_code == 422 and 'href="#confirm"' in page
    assert re.search(r'id="confirm" name="confirm" type="checkbox" required\s+aria-invalid="true"', page)
    assert "Cochez la case pour confirmer l'anonymisation." in page and ana["email"] in page
    done = post(browser, f"/administration/{ana['id']}/anonymisation", confirm="on")
    assert done.status_code == 303 and done.location == "/administration?info=anonymized"
    assert identity.anonymized == ana["id"] and ana["email"] == ""
    assert "Le compte a été anonymisé." in text(browser.get(done.location))


def test_ids_other_than_identity_s_are_not_found(browser, people):
    sign_in(browser, people["admin"])
    for path in ("/administration/42/roles", f"/administration/{people['ana']['id'].upper()}/roles",
                 f"/administration/{people['ana']['id']}x/anonymisation"):
        answer = post(browser, path, roles=["SUPPORT"], confirm="on")
        assert answer.status_code == 404, path
        assert browser.get(path).status_code == 404, path
    traversal = "/administration/..%2F..%2Fapi/roles"  # refused at the edge, before any page
    assert post(browser, traversal, roles=["SUPPORT"], confirm="on").status_code == 400
    assert browser.get(traversal).status_code == 400
    assert browser.get("/administration?id=nope").status_code == 404
    unknown = browser.get(f"/administration?id={uuid.uuid4()}")
    assert unknown.status_code == 200 and "Aucun compte ne correspond" in text(unknown)
    # A form's address opened with GET (the language switch after an error) leads to the account.
    ana = people["ana"]["id"]
    assert browser.get(f"/administration/{ana}/roles").location == f"/administration?id={ana}"


def test_english_through_the_switch_and_identity_s_messages_in_english(browser, identity, people):
    browser.get("/langue/en?next=/")
    sign_in(browser, people["admin"])
    page = text(browser.get("/administration?email=nobody@example.fr"))
    assert '<html lang="en">' in page and "No account matches this address." in page
    assert NAV_LINK_HERE in page and "Find an account" in page
    refused = text(refused_then_shown(browser, f"/administration/{people['admin']['id']}/roles"))
    assert "You cannot take away your own SUPER_ADMIN role." in refused
    assert ("PUT", f"/api/admin/users/{people['admin']['id']}/roles", "en", "127.0.0.1") in identity.calls


def test_identity_away_gives_a_503_page_and_garbage_never_a_500(browser, people):
    sign_in(browser, people["admin"])
    ana = people["ana"]["id"]
    for form in ({}, {"roles": ["x" * 5000, "SUPER_ADMIN"] * 50}, {"confirm": "\x00"}, {"roles": "é"}):
        for path in (f"/administration/{ana}/roles", f"/administration/{ana}/anonymisation"):
            assert post(browser, path, **form).status_code < 500, (path, form)
    for query in ("email=" + "é" * 5000, "email=a@b.c%00", "email=%20", "id=" + "-" * 36, "info=xx"):
        assert browser.get("/administration?" + query).status_code < 500, query
    token = csrf(browser, "/administration")
    browser.application.extensions["pix_web"].service_urls = {"identity": "http://127.0.0.1:9"}
    away = browser.get("/administration?email=" + people["ana"]["email"])
    assert away.status_code == 503 and "momentanément indisponible" in text(away)
    sent = browser.post(f"/administration/{ana}/roles", data={"roles": ["CERTIF"], "csrf_token": token})
    assert sent.status_code == 303  # back to the account's page, which says identity is away
    assert browser.get(sent.location).status_code == 503
