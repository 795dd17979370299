"""POST /api/token: credentials, lockout (docs/domain.md §8) and the per-address limit."""
import pytest
from pix_identity.domain.lockout import block_after

from .conftest import log_in, signed_up

WRONG = {"code": "INVALID_CREDENTIALS", "message": "L'adresse e-mail ou le mot de passe est incorrect.",
         "details": {}}


def fail(client, times: int, email="alice@example.fr"):
    for _ in range(times):
        assert log_in(client, email=email, password="Wrong1234").get_json() == WRONG


def test_a_login_gives_a_bearer_pair(client):
    signed_up(client)
    answer = log_in(client, email="  ALICE@example.fr ")
    assert answer.status_code == 200
    body = answer.get_json()
    assert set(body) == {"accessToken", "tokenType", "expiresIn", "refreshToken"}
    assert body["tokenType"] == "Bearer" and body["expiresIn"] == 900
    assert "password" not in answer.get_data(as_text=True) and "fake$" not in answer.get_data(as_text=True)


def test_wrong_password_and_unknown_email_answer_the_same(client):
    signed_up(client)
    wrong, unknown = log_in(client, password="Wrong1234"), log_in(client, email="nobody@example.fr")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json() == WRONG


def test_messages_in_english(client):
    body = log_in(client, email="nobody@example.fr", **{"Accept-Language": "en"}).get_json()
    assert body["message"] == "The email address or the password is incorrect."


def test_missing_fields_are_a_422(client):
    assert client.post("/api/token", json={"email": "a@b.fr"}).status_code == 422


@pytest.mark.parametrize(("failures", "minutes"), [(10, 2), (20, 4), (30, 8), (40, 16), (9, None), (11, None),
                                                   (50, None)])
def test_block_schedule(failures, minutes):
    block = block_after(failures)
    assert (block.total_seconds() / 60 if block else None) == minutes


def test_lockout_schedule_with_a_clock(client, clock):
    signed_up(client)
    for minutes in (2, 4, 8, 16):
        fail(client, 10)
        assert log_in(client).get_json() == WRONG  # locked: even the right password
        clock.advance(minutes=minutes, seconds=-1)
        assert log_in(client).status_code == 401
        clock.advance(seconds=1)
    fail(client, 10)  # 50 failures: blocked for good
    clock.advance(days=365)
    assert log_in(client).get_json() == WRONG


def test_a_success_resets_the_count(client, clock):
    signed_up(client)
    fail(client, 9)
    assert log_in(client).status_code == 200
    fail(client, 9)
    assert log_in(client).status_code == 200


def test_attempts_during_a_block_are_not_counted(client, clock):
    signed_up(client)
    fail(client, 10)
    fail(client, 15)  # refused while blocked, not counted
    clock.advance(minutes=2)
    assert log_in(client).status_code == 200


def test_one_address_may_try_30_logins_a_minute(client, clock):
    for _ in range(30):
        assert log_in(client, email="nobody@example.fr").status_code == 401
    answer = log_in(client, email="nobody@example.fr")
    assert answer.status_code == 429 and answer.get_json()["code"] == "TOO_MANY_REQUESTS"
    assert 1 <= int(answer.headers["Retry-After"]) <= 60
    other = client.post("/api/token", json={"email": "x@y.fr", "password": "p"},
                        environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert other.status_code == 401  # another address has its own count
    clock.advance(minutes=1)
    assert log_in(client, email="nobody@example.fr").status_code == 401


def test_x_forwarded_for_counts_only_from_the_gateway(client, monkeypatch):
    monkeypatch.setenv("PIX_TRUSTED_PROXIES", "127.0.0.2")
    for i in range(30):  # a rotating header, from an outsider: one address all the same
        headers = {"X-Forwarded-For": f"198.51.100.{i}"}
        assert client.post("/api/token", json={"email": "x@y.fr", "password": "p"}, headers=headers).status_code == 401
    assert client.post("/api/token", json={"email": "x@y.fr", "password": "p"},
                       headers={"X-Forwarded-For": "198.51.100.99"}).status_code == 429
    through_gateway = client.post("/api/token", json={"email": "x@y.fr", "password": "p"},
                                  headers={"X-Forwarded-For": "198.51.100.99"},
                                  environ_base={"REMOTE_ADDR": "127.0.0.2"})
    assert through_gateway.status_code == 401  # the person the gateway names has a count of their own
