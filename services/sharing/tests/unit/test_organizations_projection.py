"""The "organizations" loop: duplicates and any delivery order change nothing, a replay
rebuilds `organizations` and `memberships` byte-identically, and an erasure takes the
person out of every organization for good."""
from __future__ import annotations

import json
import random

import pytest
from pix_sharing.bootstrap import bootstrap
from pixkit.testing import FakeDatabase, unit_settings

from .test_organizations_support import Platform, anonymized

READ_MODELS = ("organizations", "memberships")


@pytest.fixture
def history(tmp_path):
    """A life of two organizations: creations, invitations, joins, a role change, a removal."""
    platform = Platform(tmp_path / "mails")
    a, admin_a = platform.organization_with_admin("Lycée A", "SCO")
    b, admin_b = platform.organization_with_admin("Université B", "SUP")
    first, second = platform.add_member(a, admin_a), platform.add_member(a, admin_a)
    member_b = platform.add_member(b, admin_b)
    base = f"/api/organizations/{a}/members"
    assert platform.client.patch(f"{base}/{first}", headers=platform.headers(admin_a),
                                 json={"role": "ADMIN"}).status_code == 200
    assert platform.client.delete(f"{base}/{second}", headers=platform.headers(admin_a)).status_code == 204
    assert platform.invite(b, admin_b, "pending@b.fr").status_code == 201
    platform.pump()
    return platform, {"a": a, "b": b, "admin_a": admin_a, "first": first, "second": second,
                      "member_b": member_b, "admin_b": admin_b}


def dump(db) -> str:
    """The read models as bytes: documents and their fields in stored order."""
    return json.dumps({name: list(db[name].docs.values()) for name in READ_MODELS}, sort_keys=False)


def fresh(platform) -> Platform:
    """The same service code over an empty database that shares the vaults of `platform`
    (a replay reads vaults as they are, it does not rebuild them)."""
    db = FakeDatabase(only_id_lookups=True)
    for vault in ("invitations", "events", "streams", "people"):
        db.collections[vault] = platform.db[vault]
    service = bootstrap(unit_settings("sharing"), db, clock=platform.clock, env={})
    return service, db


def replay(platform, envelopes) -> FakeDatabase:
    service, db = fresh(platform)
    loop = next(s for s in service.subscriptions if s.name == "organizations")
    from pixkit.dispatch import dispatcher_for

    from .test_organizations_support import Record
    dispatch = dispatcher_for(loop, "unit", sleep=lambda _: None)
    for envelope in envelopes:
        outcome, error, _ = dispatch.handle_record(Record(envelope.key.encode(), envelope.to_wire()))
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


@pytest.mark.parametrize("seed", range(5))
def test_any_order_gives_the_same_documents(history, seed):
    """Out of order, fields may be written in another order: the content is the same."""
    platform, _ = history
    envelopes = platform.envelopes()
    shuffled = list(envelopes)
    random.Random(seed).shuffle(shuffled)
    out_of_order = replay(platform, shuffled)
    for name in READ_MODELS:
        assert dict(out_of_order[name].docs) == dict(platform.db[name].docs), name


def test_the_read_models_hold_what_the_api_reads(history):
    platform, ids = history
    a, b = ids["a"], ids["b"]
    organizations = platform.db["organizations"]
    doc = organizations.find_one({"_id": a})
    assert {k: doc[k] for k in ("display_name", "type", "created_at")} == {
        "display_name": "Lycée A", "type": "SCO", "created_at": "2025-03-01T09:30:00.000000Z"}
    assert organizations.find_one({"_id": f"code:{doc['code']}"})["organization_id"] == a
    assert set(organizations.find_one({"_id": "directory"})["organizations"]) == {a, b}
    assert "@" not in json.dumps(list(organizations.docs.values()))  # addresses stay in the vault
    roster = platform.db["memberships"].find_one({"_id": f"organization:{a}"})["members"]
    assert {uid: entry.get("role") for uid, entry in roster.items() if not entry.get("revoked")} == {
        ids["admin_a"]: "ADMIN", ids["first"]: "ADMIN"}
    assert roster[ids["second"]]["revoked"] is True


def test_an_erased_person_leaves_every_organization_and_no_late_event_brings_them_back(history):
    platform, ids = history
    person = ids["first"]
    platform.deliver("organizations", anonymized(person))
    memberships = platform.db["memberships"]
    assert memberships.find_one({"_id": person}) == {"_id": person, "erased": True}
    assert memberships.find_one({"_id": f"organization:{ids['a']}:{person}"}) is None
    assert person not in memberships.find_one({"_id": f"organization:{ids['a']}"})["members"]
    members = platform.client.get(f"/api/organizations/{ids['a']}/members",
                                  headers=platform.headers(ids["admin_a"])).get_json()["members"]
    assert person not in [m["userId"] for m in members]
    for envelope in platform.envelopes():  # every event again, after the erasure
        platform.deliver("organizations", envelope)
    assert memberships.find_one({"_id": f"organization:{ids['a']}:{person}"}) is None
    assert platform.client.get(f"/api/organizations/{ids['a']}", headers=platform.headers(person)).status_code == 404


def test_the_mailer_is_a_reactor_and_a_redelivery_rewrites_the_same_mail(history):
    platform, _ = history
    service = platform.service
    assert "invitation-mails" not in [s.name for s in service.subscriptions]
    assert "organizations" in service.read_model_collections and "memberships" in service.read_model_collections
    assert "invitations" not in service.read_model_collections and "codes" not in service.read_model_collections
    mails = sorted(platform.mails.glob("*.eml"))
    invited = next(e for e in platform.envelopes() if e.type == "MemberInvited"
                   and platform.db["invitations"].find_one({"_id": e.data["invitation_id"]})["status"] == "pending")
    platform.deliver("invitation-mails", invited)
    assert sorted(platform.mails.glob("*.eml")) == mails
    accepted = next(e for e in platform.envelopes() if e.type == "MemberInvited"
                    and platform.db["invitations"].find_one({"_id": e.data["invitation_id"]})["status"] == "accepted")
    (platform.mails / f"{accepted.id}.eml").unlink()
    platform.deliver("invitation-mails", accepted)  # used since: no mail to an address that is gone
    assert not (platform.mails / f"{accepted.id}.eml").exists()
