"""Password reset (docs/domain.md §8): the mail is an event, the link works once, for 24 h."""
import re
from email import message_from_bytes

import pytest
from pix_contracts import registry
from pix_identity.bootstrap import bootstrap
from pix_identity.entrypoints.http import create_app
from pixkit.mail import DirectoryMailSink
from pixkit.testing import FakeDatabase, unit_settings

from .conftest import UNIT_ENV, Clock, bearer, fake_hash, log_in, signed_up


@pytest.fixture
def world(tmp_path):
    clock, db = Clock(), FakeDatabase()
    env = {**UNIT_ENV, "PIX_MAIL_DIR": str(tmp_path), "PIX_PUBLIC_URL": "https://pix.example"}
    service = bootstrap(unit_settings("identity"), db, clock=clock, hash_password=fake_hash,
                        verify_password=lambda p, stored: stored == fake_hash(p), env=env)
    client = create_app(unit_settings("identity"), service, ready_checks={}).test_client()
    return client, service, db, clock, tmp_path


def deliver_mails(service, user_id):
    """What identity's worker does: hand each PasswordResetRequested to the mailer."""
    (mailer,) = service.reactors
    for envelope in service.store.read_stream(f"user-{user_id}"):
        for handle in mailer.handlers.get(envelope.type, []):
            handle(envelope)


def link_in(mail_dir) -> str:
    (path,) = mail_dir.glob("*.eml")
    body = message_from_bytes(path.read_bytes()).get_payload(decode=True).decode()
    return re.search(r"https://pix\.example/mot-de-passe/nouveau\?jeton=(\S+)", body).group(1)


def test_asking_appends_the_event_and_the_mailer_writes_the_link(world):
    client, service, db, _, mail_dir = world
    user = signed_up(client)
    answer = client.post("/api/password-resets", json={"email": "ALICE@example.fr"},
                         headers={"Accept-Language": "en"})
    assert answer.status_code == 202
    (event,) = [e for e in service.store.read_stream(f"user-{user['id']}") if e.type == "PasswordResetRequested"]
    registry.validate_data("PasswordResetRequested", 1, event.data)
    assert event.data["locale"] == "en" and event.data["expires_at"] == "2025-03-02T09:30:00.000000Z"
    assert "alice" not in repr(event.to_dict()).lower()  # no address in the log
    deliver_mails(service, user["id"])
    mail = message_from_bytes(next(mail_dir.glob("*.eml")).read_bytes())
    assert mail["To"] == "alice@example.fr" and mail["Subject"] == "Pix: resetting your password"
    assert link_in(mail_dir).startswith(event.data["reset_id"] + ".")


def test_an_unknown_address_gets_the_same_answer_and_nothing_happens(world):
    client, _, db, _, _ = world
    signed_up(client)
    known = client.post("/api/password-resets", json={"email": "alice@example.fr"})
    answer = client.post("/api/password-resets", json={"email": "nobody@example.fr"})
    assert answer.status_code == known.status_code == 202 and answer.get_data() == known.get_data()
    assert db["password_resets"].count_documents({}) == 1


def test_the_link_sets_a_new_password_once_and_ends_old_sessions(world):
    client, service, _, clock, mail_dir = world
    user = signed_up(client)
    old_pair = log_in(client).get_json()
    client.post("/api/password-resets", json={"email": "alice@example.fr"})
    deliver_mails(service, user["id"])
    token = link_in(mail_dir)
    clock.advance(hours=23, minutes=59)
    assert client.post("/api/password-resets/confirmation",
                       json={"token": token, "password": "Nouveau2025"}).status_code == 204
    assert log_in(client).status_code == 401
    assert log_in(client, password="Nouveau2025").status_code == 200
    refresh = client.post("/api/token/refresh", json={"refreshToken": old_pair["refreshToken"]})
    assert refresh.status_code == 401
    again = client.post("/api/password-resets/confirmation", json={"token": token, "password": "Encore2025x"})
    assert again.status_code == 400 and again.get_json()["code"] == "RESET_LINK_INVALID"
    assert again.get_json()["message"].startswith("Ce lien de réinitialisation n'est plus valable")
    assert log_in(client, password="Nouveau2025").status_code == 200


def test_the_link_expires_after_24_hours_and_cannot_be_forged(world):
    client, service, _, clock, mail_dir = world
    user = signed_up(client)
    client.post("/api/password-resets", json={"email": "alice@example.fr"})
    deliver_mails(service, user["id"])
    token = link_in(mail_dir)
    reset_id = token.split(".")[0]
    for forged in (reset_id, f"{reset_id}.AAAA", "x.y", token + "x"):
        answer = client.post("/api/password-resets/confirmation", json={"token": forged, "password": "Nouveau2025"})
        assert answer.status_code == 400, forged
    clock.advance(hours=24)
    answer = client.post("/api/password-resets/confirmation", json={"token": token, "password": "Nouveau2025"})
    assert answer.status_code == 400 and log_in(client).status_code == 200


def test_the_new_password_follows_the_rules_and_a_reset_lifts_a_lockout(world):
    client, service, _, clock, mail_dir = world
    user = signed_up(client)
    for _ in range(10):
        log_in(client, password="Wrong1234")
    assert log_in(client).status_code == 401  # blocked for 2 minutes
    client.post("/api/password-resets", json={"email": "alice@example.fr"})
    deliver_mails(service, user["id"])
    token = link_in(mail_dir)
    weak = client.post("/api/password-resets/confirmation", json={"token": token, "password": "faible"})
    assert weak.status_code == 422
    assert weak.get_json()["details"]["fields"]["password"][0]["code"] == "PASSWORD_TOO_WEAK"
    assert client.post("/api/password-resets/confirmation",
                       json={"token": token, "password": "Nouveau2025"}).status_code == 204
    me = client.get("/api/users/me", headers=bearer(log_in(client, password="Nouveau2025").get_json()))
    assert me.status_code == 200


def test_an_erased_person_gets_no_mail(world):
    client, service, _, _, mail_dir = world
    user = signed_up(client)
    client.post("/api/password-resets", json={"email": "alice@example.fr"})
    client.delete("/api/users/me", headers=bearer(log_in(client).get_json()))
    deliver_mails(service, user["id"])
    assert list(mail_dir.glob("*.eml")) == []


def test_without_a_sink_the_mailer_fails_loudly_so_the_event_is_retried(world, tmp_path):
    client, service, _, _, _ = world
    settings = unit_settings("identity")
    bare = bootstrap(settings, service.db, clock=Clock(), hash_password=fake_hash, env=UNIT_ENV)
    user = signed_up(client)
    client.post("/api/password-resets", json={"email": "alice@example.fr"})
    with pytest.raises(RuntimeError, match="no mail sink"):
        deliver_mails(bare, user["id"])
    assert isinstance(DirectoryMailSink(tmp_path), DirectoryMailSink)


def test_a_name_stored_before_the_text_rule_reaches_the_mail_without_line_breaks(world):
    client, service, db, _, mail_dir = world
    user = signed_up(client)
    db["accounts"].update_one({"_id": user["id"]}, {"$set": {"first_name": "Alice\r\nBcc: x@evil.test\u202e"}})
    client.post("/api/password-resets", json={"email": "alice@example.fr"})
    deliver_mails(service, user["id"])
    body = message_from_bytes(next(mail_dir.glob("*.eml")).read_bytes()).get_payload(decode=True).decode()
    greeting = body.splitlines()[0]
    assert greeting == "Bonjour Alice  Bcc: x@evil.test ,"
