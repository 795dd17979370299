"""An organization on the real broker and store: a platform admin creates it through
sharing's app, the relay publishes its events, the worker's "invitation-mails" reactor
writes the mail with the link, the invited person accepts it, and once the "organizations"
loop has projected MemberJoined the next request sees the membership."""
import email
import email.policy
import re
import uuid

from pix_sharing.bootstrap import bootstrap
from pix_sharing.entrypoints.http import create_app
from pixkit.consumer import ConsumerLoop, Dispatcher
from pixkit.kafka import make_consumer, make_producer
from pixkit.relay import OutboxRelay, wait_idle
from pixkit.testing import TokenMint
from pymongo import MongoClient

from .helpers import wait_for

LINK = re.compile(r"https://pix\.example/organisations/invitation/([0-9a-f-]+)\?jeton=(\S+)")


def loop_of(settings, subscription) -> ConsumerLoop:
    group = settings.group(subscription.name)
    return ConsumerLoop(make_consumer(settings, group, subscription.topics), lambda: make_producer(settings),
                        Dispatcher(subscription, group), settings.dlq_topic)


def test_an_invited_admin_accepts_and_is_a_member_on_the_next_request(settings_for, tmp_path):
    sharing = settings_for("sharing")
    db = MongoClient(sharing.mongo_uri)[sharing.db_name]
    service = bootstrap(sharing, db, env={"PIX_MAIL_DIR": str(tmp_path), "PIX_PUBLIC_URL": "https://pix.example"})
    mint = TokenMint()
    api = create_app(sharing, service, ready_checks={}, verifier=mint.verifier()).test_client()
    relay = OutboxRelay(db, lambda: make_producer(sharing), sharing.events_topic, "sharing")
    projection = next(s for s in service.subscriptions if s.name == "organizations")
    mailer = next(r for r in service.reactors if r.name == "invitation-mails")
    loops = [loop_of(sharing, projection), loop_of(sharing, mailer)]
    try:
        created = api.post("/api/organizations", headers=mint.headers(str(uuid.uuid4()), ("SUPER_ADMIN",)),
                           json={"displayName": "Lycée Intégration", "type": "SCO", "adminEmail": "chef@lycee.fr"})
        assert created.status_code == 201, created.get_json()
        organization = created.get_json()
        wait_idle(relay)

        def mail():
            for loop in loops:
                loop.poll_once()
            return sorted(tmp_path.glob("*.eml"))

        (path,) = wait_for(mail, timeout=30)
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["To"] == "chef@lycee.fr"
        invitation_id, token = LINK.search(message.get_content()).groups()

        admin = mint.headers(user_id := str(uuid.uuid4()))
        before = api.get(f"/api/organizations/{organization['id']}", headers=admin)
        assert before.status_code == 404 and before.get_json()["code"] == "ORGANIZATION_NOT_FOUND"
        shown = api.get(f"/api/organizations/invitations/{invitation_id}?token={token}", headers=admin)
        assert shown.get_json() == {"organizationId": organization["id"], "displayName": "Lycée Intégration",
                                    "role": "ADMIN"}
        accepted = api.post(f"/api/organizations/invitations/{invitation_id}/accept", headers=admin,
                            json={"token": token})
        assert accepted.status_code == 200 and accepted.get_json() == {"organizationId": organization["id"]}
        wait_idle(relay)

        def member():
            loops[0].poll_once()
            answer = api.get("/api/organizations/mine", headers=admin).get_json()["organizations"]
            return answer

        assert wait_for(member, timeout=30) == [{"id": organization["id"], "displayName": "Lycée Intégration",
                                                  "type": "SCO", "code": organization["code"], "role": "ADMIN"}]
        one = api.get(f"/api/organizations/{organization['id']}", headers=admin)
        assert one.status_code == 200 and one.get_json()["role"] == "ADMIN"
        members = api.get(f"/api/organizations/{organization['id']}/members", headers=admin).get_json()
        assert [(m["userId"], m["role"]) for m in members["members"]] == [(user_id, "ADMIN")]
        assert members["invitations"] == []
        again = api.post(f"/api/organizations/invitations/{invitation_id}/accept",
                         headers=mint.headers(str(uuid.uuid4())), json={"token": token})
        assert again.status_code == 409 and again.get_json()["code"] == "INVITATION_USED"
        by_code = api.get(f"/api/organizations/by-code/{organization['code'].lower().replace('-', ' ')}",
                          headers=mint.headers(str(uuid.uuid4())))
        assert by_code.get_json() == {"id": organization["id"], "displayName": "Lycée Intégration", "type": "SCO"}
    finally:
        for loop in loops:
            loop.close()
