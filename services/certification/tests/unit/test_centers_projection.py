"""The "centers" loop: duplicates and any delivery order change nothing, a replay rebuilds
`centers` and `memberships` byte-identically, the read models hold no contact nor address,
and an erasure takes the person out of every center and out of the vault for good."""
from __future__ import annotations

import json
import random

import pytest
from pix_certification.bootstrap import bootstrap
from pixkit.dispatch import dispatcher_for
from pixkit.testing import FakeDatabase, unit_settings

from .test_centers_api import BASE, VAULTS, Platform, Record, anonymized

READ_MODELS = ("centers", "memberships")


@pytest.fixture
def history(tmp_path):
    """Two centers and a declined request: invitations, joins, a role change, a removal,
    a request still pending."""
    platform = Platform(tmp_path / "mails")
    a, admin_a = platform.center_with_admin("Lycée A")
    b, admin_b = platform.center_with_admin("Université B")
    first, second = platform.add_member(a, admin_a), platform.add_member(a, admin_a)
    member_b = platform.add_member(b, admin_b)
    members = f"{BASE}/centers/{a}/members"
    assert platform.client.patch(f"{members}/{first}", headers=platform.headers(admin_a),
                                 json={"role": "ADMIN"}).status_code == 200
    assert platform.client.delete(f"{members}/{second}", headers=platform.headers(admin_a)).status_code == 204
    assert platform.invite(b, admin_b, "pending@b.fr").status_code == 201
    declined = platform.ask(institutionName="Refusé")
    assert platform.decide(declined, "DECLINED", reason="Hors périmètre").status_code == 200
    pending = platform.ask(institutionName="En attente", contactEmail="attente@c.fr")
    platform.pump()
    return platform, {"a": a, "b": b, "admin_a": admin_a, "first": first, "second": second, "member_b": member_b,
                      "admin_b": admin_b, "declined": declined, "pending": pending}


def dump(db) -> str:
    """The read models as bytes: documents and their fields in stored order."""
    return json.dumps({name: list(db[name].docs.values()) for name in READ_MODELS}, sort_keys=False)


def replay(platform, envelopes) -> FakeDatabase:
    """The same service code over an empty database that shares the vaults and the event
    store of `platform` (a replay reads vaults as they are, it does not rebuild them)."""
    db = FakeDatabase(only_id_lookups=True)
    for kept in (*VAULTS, "events", "streams"):
        db.collections[kept] = platform.db[kept]
    service = bootstrap(unit_settings("certification"), db, clock=platform.clock, env={})
    loop = next(s for s in service.subscriptions if s.name == "centers")
    dispatch = dispatcher_for(loop, "unit", sleep=lambda _: None)
    for envelope in envelopes:
        _, error, _ = dispatch.handle_record(Record(envelope.key.encode(), envelope.to_wire()))
        assert error is None, error
    return db


def test_a_replay_rebuilds_the_read_models_byte_identically(history):
    platform, _ = history
    envelopes = platform.envelopes()
    assert dump(replay(platform, envelopes)) == dump(platform.db)
    assert dump(replay(platform, envelopes)) == dump(replay(platform, envelopes))


def test_duplicates_change_nothing(history):
    platform, _ = history
    envelopes = platform.envelopes()
    doubled = [e for envelope in envelopes for e in (envelope, envelope)] + envelopes
    assert dump(replay(platform, doubled)) == dump(platform.db)


@pytest.mark.parametrize("seed", range(6))
def test_any_order_gives_the_same_documents(history, seed):
    """Out of order, fields may be written in another order: the content is the same."""
    platform, _ = history
    shuffled = list(platform.envelopes())
    random.Random(seed).shuffle(shuffled)
    out_of_order = replay(platform, shuffled)
    for name in READ_MODELS:
        assert dict(out_of_order[name].docs) == dict(platform.db[name].docs), name


def test_a_decision_delivered_before_its_request_never_lists_it(history):
    platform, ids = history
    envelopes = platform.envelopes()
    decisions = [e for e in envelopes if e.type in ("CenterAccredited", "AccreditationDeclined")]
    rest = [e for e in envelopes if e not in decisions]
    db = replay(platform, decisions + rest)
    assert set(db["centers"].find_one({"_id": "pending-requests"})["requests"]) == {ids["pending"]}


def test_the_read_models_hold_what_the_api_reads_and_no_contact(history):
    platform, ids = history
    centers = platform.db["centers"]
    doc = centers.find_one({"_id": ids["a"]})
    assert {k: doc[k] for k in ("name", "type", "address", "accredited_at")} == {
        "name": "Lycée A", "type": "SCHOOL", "address": "1 rue de Paris, 69001 Lyon",
        "accredited_at": "2025-03-01T09:30:00.000000Z"}
    assert centers.find_one({"_id": f"request:{ids['declined']}"})["status"] == "DECLINED"
    assert centers.find_one({"_id": f"request:{doc['request_id']}"})["center_id"] == ids["a"]
    assert set(centers.find_one({"_id": "pending-requests"})["requests"]) == {ids["pending"]}
    text = json.dumps([list(platform.db[name].docs.values()) for name in READ_MODELS], ensure_ascii=False)
    assert "@" not in text and "Anne" not in text and "04 78" not in text  # contacts stay in the vault
    roster = platform.db["memberships"].find_one({"_id": f"center:{ids['a']}"})["members"]
    assert {uid: entry.get("role") for uid, entry in roster.items() if not entry.get("revoked")} == {
        ids["admin_a"]: "ADMIN", ids["first"]: "ADMIN"}
    assert roster[ids["second"]]["revoked"] is True


def test_an_erased_person_leaves_every_center_and_the_vault_forgets_them(history):
    platform, ids = history
    person = ids["admin_b"]  # the request's contact, who took its first invitation
    center = platform.db["centers"].find_one({"_id": ids["b"]})
    request_id = center["request_id"]
    assert platform.db["accreditation_contacts"].find_one({"_id": request_id})["contact_name"] == "Anne Martin"
    platform.deliver("centers", anonymized(person))
    platform.deliver("centers", anonymized(person))  # a redelivery finds nothing left
    memberships = platform.db["memberships"]
    assert memberships.find_one({"_id": person}) == {"_id": person, "erased": True}
    assert memberships.find_one({"_id": f"center:{ids['b']}:{person}"}) is None
    contact = platform.db["accreditation_contacts"].find_one({"_id": request_id})
    assert {k: contact[k] for k in ("contact_name", "contact_email", "phone", "message", "erased")} == {
        "contact_name": None, "contact_email": None, "phone": None, "message": None, "erased": True}
    vaulted = platform.db["center_invitations"].docs
    assert f"person:{person}" not in vaulted
    assert [d for d in vaulted.values() if d.get("accepted_by") == person] == []  # who used the link: forgotten
    # Everyone else's contact stays; the other center's admin was not that contact.
    other = platform.db["centers"].find_one({"_id": ids["a"]})["request_id"]
    assert platform.db["accreditation_contacts"].find_one({"_id": other})["contact_name"] == "Anne Martin"
    members = platform.center(ids["b"], ids["member_b"]).get_json()["members"]
    assert person not in [m["userId"] for m in members]
    for envelope in platform.envelopes():  # every event again, after the erasure
        platform.deliver("centers", envelope)
    assert memberships.find_one({"_id": f"center:{ids['b']}:{person}"}) is None
    assert platform.center(ids["b"], person).status_code == 404


def test_the_mailer_is_a_reactor_and_a_redelivery_rewrites_the_same_mail(history):
    platform, _ = history
    service = platform.service
    assert "center-invitation-mails" not in [s.name for s in service.subscriptions]
    assert {"centers", "memberships"} <= set(service.read_model_collections)
    assert not set(VAULTS) & set(service.read_model_collections)
    mails = sorted(platform.mails.glob("*.eml"))
    vault = platform.db["center_invitations"]
    invited = [e for e in platform.envelopes() if e.type == "CenterMemberInvited"]
    still_pending = next(e for e in invited if vault.find_one({"_id": e.data["invitation_id"]})["status"] == "pending")
    platform.deliver("center-invitation-mails", still_pending)
    assert sorted(platform.mails.glob("*.eml")) == mails
    accepted = next(e for e in invited if vault.find_one({"_id": e.data["invitation_id"]})["status"] == "accepted")
    (platform.mails / f"{accepted.id}.eml").unlink()
    platform.deliver("center-invitation-mails", accepted)  # used since: its address is gone
    assert not (platform.mails / f"{accepted.id}.eml").exists()
