"""No control, bidi or separator characters in what people type into identity (issue 8):
a 422 naming the field, and nothing stored."""
import pytest

from .conftest import bearer, log_in, sign_up_body, signed_up

CONTROLS = ["\x00", "\r", "\n", "\t", "\u202e", "\u2066", "\u200f", "\u2028", "\x1b", "\x85"]


def field_codes(answer, name: str) -> list[str]:
    assert answer.status_code == 422, answer.get_json()
    return [error["code"] for error in answer.get_json()["details"]["fields"][name]]


@pytest.mark.parametrize("char", CONTROLS)
@pytest.mark.parametrize("name", ["firstName", "lastName", "email"])
def test_sign_up_refuses_control_characters_in_names_and_email(client, db, name, char):
    value = sign_up_body()[name]
    answer = client.post("/api/users", json=sign_up_body(**{name: value[:2] + char + value[2:]}))
    assert "CONTROL_CHARACTERS" in field_codes(answer, name)
    assert db["accounts"].count_documents({}) == 0 and db["emails"].count_documents({}) == 0


def test_a_password_may_hold_any_character(client):
    assert client.post("/api/users", json=sign_up_body(password="Secret123\t\x00")).status_code == 201


@pytest.mark.parametrize("char", CONTROLS)
def test_rename_refuses_control_characters(client, db, char):
    user = signed_up(client)
    auth = bearer(log_in(client).get_json())
    for name in ("firstName", "lastName"):
        answer = client.patch("/api/users/me", json={name: "Al" + char + "ice"}, headers=auth)
        assert field_codes(answer, name) == ["CONTROL_CHARACTERS"]
    account = db["accounts"].find_one({"_id": user["id"]})
    assert (account["first_name"], account["last_name"]) == ("Alice", "Martin")


@pytest.mark.parametrize("path", ["/api/token", "/api/password-resets"])
def test_an_email_with_control_characters_is_refused_everywhere(client, path):
    answer = client.post(path, json={"email": "al\r\nice@example.fr", "password": "Secret123"})
    assert "CONTROL_CHARACTERS" in field_codes(answer, "email")
