"""Bad input on POST /api/users: always a 4xx with the JSON error body, never a 500."""
import pytest

from .conftest import sign_up_body


def fields_of(answer):
    return {name: [e["code"] for e in errors] for name, errors in answer.get_json()["details"]["fields"].items()}


def test_missing_fields_are_each_reported_in_french(client):
    answer = client.post("/api/users", json={})
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["code"] == "VALIDATION_ERROR"
    assert body["message"] == "Certaines données envoyées sont invalides."
    assert fields_of(answer) == {**{name: ["REQUIRED"] for name in ("firstName", "lastName", "email", "password")},
                                 "acceptTerms": ["TERMS_NOT_ACCEPTED"], "robotProof": ["ROBOT_CHECK_MISSING"]}
    assert body["details"]["fields"]["acceptTerms"][0]["message"] == (
        "Vous devez accepter les conditions d'utilisation de Pix pour créer un compte.")
    assert body["details"]["fields"]["email"][0]["message"] == "Ce champ est obligatoire."


def test_messages_are_in_english_when_the_caller_prefers_it(client):
    answer = client.post("/api/users", json=sign_up_body(password="short"),
                         headers={"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"})
    body = answer.get_json()
    assert body["message"] == "Some of the data sent is invalid."
    assert body["details"]["fields"]["password"][0]["message"].startswith("The password must contain")
    assert answer.headers["Content-Language"] == "en"


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"email": 42}, "email", "EMAIL_INVALID"),
    ({"password": ["Secret123"]}, "password", "STRING_INVALID"),
    ({"firstName": None}, "firstName", "NULL"),
    ({"firstName": "   "}, "firstName", "NAME_LENGTH"),
    ({"lastName": "x" * 256}, "lastName", "NAME_LENGTH"),
    ({"email": "not-an-email"}, "email", "EMAIL_INVALID"),
    ({"email": "a" * 250 + "@example.fr"}, "email", "EMAIL_TOO_LONG"),
    ({"password": "secret123"}, "password", "PASSWORD_TOO_WEAK"),
    ({"password": "Aa1" + "x" * 253}, "password", "PASSWORD_TOO_LONG"),
    ({"role": "admin"}, "role", "UNKNOWN_FIELD"),
])
def test_each_rule_has_its_code(client, changes, field, code):
    answer = client.post("/api/users", json=sign_up_body(**changes))
    assert answer.status_code == 422
    assert code in fields_of(answer)[field]


def test_password_rule_message_in_french(client):
    answer = client.post("/api/users", json=sign_up_body(password="secret123"))
    (error,) = answer.get_json()["details"]["fields"]["password"]
    assert error["message"] == ("Le mot de passe doit contenir au moins 8 caractères, "
                                "dont une majuscule, une minuscule et un chiffre.")


@pytest.mark.parametrize(("kwargs", "status", "code"), [
    ({"data": "{not json", "content_type": "application/json"}, 400, "INVALID_JSON"),
    ({"data": b"\xff\xfe{}", "content_type": "application/json"}, 400, "INVALID_JSON"),
    ({"data": "x" * (64 * 1024 + 1), "content_type": "application/json"}, 413, "PAYLOAD_TOO_LARGE"),
    ({"data": "firstName=Alice", "content_type": "application/x-www-form-urlencoded"}, 415, "UNSUPPORTED_MEDIA_TYPE"),
    ({"data": "[1, 2]", "content_type": "application/json"}, 422, "VALIDATION_ERROR"),
    ({"data": "null", "content_type": "application/json"}, 422, "VALIDATION_ERROR"),
    ({}, 422, "VALIDATION_ERROR"),
])
def test_malformed_bodies(client, kwargs, status, code):
    answer = client.post("/api/users", **kwargs)
    assert answer.status_code == status
    body = answer.get_json()
    assert body["code"] == code and body["message"] and "details" in body


def test_wrong_method_and_unknown_path(client):
    answer = client.get("/api/users")
    assert answer.status_code == 405 and answer.get_json()["code"] == "METHOD_NOT_ALLOWED"
    assert "POST" in answer.headers["Allow"]
    assert client.get("/api/nothing").get_json()["code"] == "NOT_FOUND"


def test_terms_must_be_accepted_with_the_domain_message(client):
    answer = client.post("/api/users", json=sign_up_body(acceptTerms=False))
    (error,) = answer.get_json()["details"]["fields"]["acceptTerms"]
    assert error == {"code": "TERMS_NOT_ACCEPTED",
                     "message": "Vous devez accepter les conditions d'utilisation de Pix pour créer un compte."}
    assert client.post("/api/users", json=sign_up_body(acceptTerms=True)).status_code == 201
