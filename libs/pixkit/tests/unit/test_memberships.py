"""pixkit.memberships: a service's own read model of who belongs to what, written by its
projections in any order and any number of times, and `require_member`, the check its
routes make with it on every request."""
import itertools
import uuid

import pytest
from flask import Flask
from pixkit import memberships as ms
from pixkit.errors import Forbidden
from pixkit.events import Envelope
from pixkit.testing import FakeDatabase, LosesTheRace, TokenMint, unit_settings
from pixkit.web import access
from pixkit.web.app import create_base_app, use_container
from pixkit.web.container import ServiceContainer
from pixkit.web.membership import require_member

ORG, OTHER = "org-a", "org-b"
ANNE, BOB = "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23", "9b1d2e3f-0000-4000-8000-000000000002"


def fresh() -> tuple[FakeDatabase, ms.Memberships]:
    db = FakeDatabase()
    return db, ms.memberships_of(db)


def apply(book: ms.Memberships, step: tuple) -> None:
    kind, *args = step
    if kind == "grant":
        book.grant("organization", *args)
    elif kind == "revoke":
        book.revoke("organization", *args)
    else:
        book.erase_person(*args)


def state(steps) -> dict:
    db, book = fresh()
    for step in steps:
        apply(book, step)
    return db[ms.COLLECTION].docs


def test_a_grant_gives_the_role_in_that_scope_only():
    _, book = fresh()
    book.grant("organization", ORG, ANNE, "ADMIN", 1)
    assert book.role_of("organization", ORG, ANNE) == "ADMIN"
    assert book.role_of("organization", OTHER, ANNE) is None
    assert book.role_of("center", ORG, ANNE) is None
    assert book.role_of("organization", ORG, BOB) is None


def test_a_later_grant_changes_the_role_and_an_older_one_does_not():
    _, book = fresh()
    book.grant("organization", ORG, ANNE, "MEMBER", 1)
    book.grant("organization", ORG, ANNE, "ADMIN", 3)
    book.grant("organization", ORG, ANNE, "MEMBER", 2)  # delivered late
    assert book.role_of("organization", ORG, ANNE) == "ADMIN"
    assert book.members_of("organization", ORG) == {ANNE: "ADMIN"}


def test_a_revocation_removes_the_member_and_keeps_a_tombstone():
    db, book = fresh()
    book.grant("organization", ORG, ANNE, "ADMIN", 1)
    book.grant("organization", ORG, BOB, "MEMBER", 2)
    book.revoke("organization", ORG, ANNE, 3)
    assert book.role_of("organization", ORG, ANNE) is None
    assert book.members_of("organization", ORG) == {BOB: "MEMBER"}
    assert db[ms.COLLECTION].find_one({"_id": f"organization:{ORG}:{ANNE}"}) == {
        "_id": f"organization:{ORG}:{ANNE}", "position": 3, "revoked": True}


def test_an_older_grant_arriving_after_the_revocation_changes_nothing():
    _, book = fresh()
    book.revoke("organization", ORG, ANNE, 5)
    book.grant("organization", ORG, ANNE, "ADMIN", 4)
    assert book.role_of("organization", ORG, ANNE) is None
    assert book.members_of("organization", ORG) == {}
    book.grant("organization", ORG, ANNE, "MEMBER", 6)  # invited again, later
    assert book.role_of("organization", ORG, ANNE) == "MEMBER"


HISTORY = [("grant", ORG, ANNE, "MEMBER", 1), ("grant", ORG, BOB, "ADMIN", 2), ("grant", ORG, ANNE, "ADMIN", 3),
           ("revoke", ORG, BOB, 4), ("grant", OTHER, BOB, "MEMBER", 1)]


def test_duplicates_and_any_order_give_the_same_verdicts():
    expected = state(HISTORY)
    for order in itertools.permutations(HISTORY):
        db, book = fresh()
        for step in (*order, *order):
            apply(book, step)
        assert book.members_of("organization", ORG) == {ANNE: "ADMIN"}
        assert book.members_of("organization", OTHER) == {BOB: "MEMBER"}
        assert {k: sorted(v.items()) for k, v in db[ms.COLLECTION].docs.items()} == \
            {k: sorted(v.items()) for k, v in expected.items()}


def test_a_replay_in_order_rebuilds_the_same_documents():
    assert state(HISTORY) == state(HISTORY)
    assert list(state(HISTORY)) == list(state(HISTORY))


def test_members_of_lists_current_members_by_user_id():
    _, book = fresh()
    book.grant("organization", ORG, BOB, "MEMBER", 1)
    book.grant("organization", ORG, ANNE, "ADMIN", 2)
    assert list(book.members_of("organization", ORG).items()) == [(ANNE, "ADMIN"), (BOB, "MEMBER")]
    assert book.members_of("organization", "nobody") == {}


def test_erasure_removes_every_trace_and_leaves_one_tombstone():
    docs = state([*HISTORY, ("erase", BOB)])
    assert docs[BOB] == {"_id": BOB, "erased": True}
    assert f"organization:{ORG}:{BOB}" not in docs and f"organization:{OTHER}:{BOB}" not in docs
    assert f"organization:{OTHER}" not in docs  # its only member was Bob: as if never granted
    assert docs[f"organization:{ORG}"]["members"].keys() == {ANNE}


def test_erasure_wins_whatever_the_order():
    steps = [*HISTORY, ("erase", BOB)]
    expected = state(steps)
    for order in itertools.permutations(steps):
        db, book = fresh()
        for step in order:
            apply(book, step)
        assert book.role_of("organization", OTHER, BOB) is None
        assert book.members_of("organization", ORG) == {ANNE: "ADMIN"}
        assert db[ms.COLLECTION].docs.keys() == expected.keys()
        assert db[ms.COLLECTION].docs[BOB] == {"_id": BOB, "erased": True}


class ErasedMeanwhile:
    """The person is erased right after a grant registered in their index, before its member
    document is written: the erasure cannot see what the grant is about to write."""

    def __init__(self, collection) -> None:
        self.collection, self.done = collection, False

    def __getattr__(self, name):
        return getattr(self.collection, name)

    def find_one_and_update(self, query, update, upsert=False, return_document=None):
        result = self.collection.find_one_and_update(query, update, upsert=upsert, return_document=return_document)
        if not self.done:
            self.done = True
            ms.Memberships(self.collection).erase_person(ANNE)
        return result


def test_a_grant_racing_an_erasure_removes_its_own_writes():
    collection = FakeDatabase()[ms.COLLECTION]
    ms.Memberships(ErasedMeanwhile(collection)).grant("organization", ORG, ANNE, "ADMIN", 1)
    assert collection.docs == {ANNE: {"_id": ANNE, "erased": True}}


class Racing(LosesTheRace):
    """LosesTheRace on the first upsert of `theirs`'s own `_id` (the only one that can collide),
    with the collection's other methods passed through."""

    def __getattr__(self, name):
        return getattr(self.collection, name)

    def update_one(self, query, update, upsert=False):
        if query["_id"] != self.theirs["_id"]:
            return self.collection.update_one(query, update, upsert=upsert)
        return super().update_one(query, update, upsert=upsert)

    def find_one_and_update(self, query, update, upsert=False, return_document=None):
        if query["_id"] != self.theirs["_id"]:
            return self.collection.find_one_and_update(query, update, upsert=upsert, return_document=return_document)
        return super().find_one_and_update(query, update, upsert=upsert, return_document=return_document)


def test_writes_survive_the_local_stores_upsert_race():
    for theirs in ({"_id": ANNE, "memberships": {f"organization:{OTHER}": True}},
                   {"_id": f"organization:{ORG}:{ANNE}", "role": "MEMBER", "position": 1},
                   {"_id": f"organization:{ORG}", "members": {BOB: {"role": "ADMIN", "position": 1}}}):
        collection = FakeDatabase()[ms.COLLECTION]
        raced = Racing(collection, theirs)
        ms.Memberships(raced).grant("organization", ORG, ANNE, "ADMIN", 2)
        book = ms.Memberships(collection)
        assert raced.raced
        assert book.role_of("organization", ORG, ANNE) == "ADMIN"
        assert book.members_of("organization", ORG)[ANNE] == "ADMIN"
        assert f"organization:{ORG}" in collection.find_one({"_id": ANNE})["memberships"]


def test_an_older_grant_that_wins_the_race_is_still_overruled():
    collection = FakeDatabase()[ms.COLLECTION]
    theirs = {"_id": f"organization:{ORG}:{ANNE}", "role": "ADMIN", "position": 5}
    raced = Racing(collection, theirs)
    ms.Memberships(raced).grant("organization", ORG, ANNE, "MEMBER", 4)
    assert raced.raced and collection.find_one({"_id": theirs["_id"]}) == theirs


def test_an_erasure_racing_another_writer_is_still_recorded():
    collection = FakeDatabase()[ms.COLLECTION]
    ms.Memberships(collection).grant("organization", ORG, BOB, "ADMIN", 1)
    ms.Memberships(collection).grant("organization", ORG, ANNE, "MEMBER", 2)
    theirs = collection.find_one({"_id": ANNE})  # the other writer makes the index first
    collection.delete_one({"_id": ANNE})
    raced = Racing(collection, theirs)
    ms.Memberships(raced).erase_person(ANNE)
    assert raced.raced
    assert collection.find_one({"_id": ANNE}) == {"_id": ANNE, "erased": True}
    assert ms.Memberships(collection).members_of("organization", ORG) == {BOB: "ADMIN"}
    assert collection.find_one({"_id": f"organization:{ORG}:{ANNE}"}) is None


@pytest.mark.parametrize("bad", ["", "a:b", "a.b", "$x", "x" * 129, None])
def test_ids_that_could_break_an_id_or_a_field_name_are_refused(bad):
    _, book = fresh()
    with pytest.raises(ValueError):
        book.grant("organization", bad, ANNE, "ADMIN", 1)
    with pytest.raises(ValueError):
        book.role_of("organization", ORG, bad)


def test_positions_and_roles_are_checked():
    _, book = fresh()
    for position in (-1, "3", True, None):
        with pytest.raises(ValueError):
            book.grant("organization", ORG, ANNE, "ADMIN", position)
    with pytest.raises(ValueError):
        book.grant("organization", ORG, ANNE, "", 1)


def test_the_user_anonymized_handler_erases_the_person():
    _, book = fresh()
    book.grant("organization", ORG, ANNE, "ADMIN", 1)
    envelope = Envelope(id=str(uuid.uuid4()), type="UserAnonymized", schema_version=1, source="identity",
                        stream=f"user-{ANNE}", position=1, occurred_at="2025-03-14T15:00:00.000000Z", key=ANNE,
                        data={"user_id": ANNE, "anonymized_at": "2025-03-14T15:00:00.000000Z"})
    ms.on_user_anonymized(envelope, memberships=book)
    assert book.role_of("organization", ORG, ANNE) is None


# require_member, in a minimal service app


def app_with(db: FakeDatabase, mint: TokenMint) -> Flask:
    settings = unit_settings("sharing")
    app = create_base_app(settings, "sharing", ready_checks={})
    use_container(app, lambda: ServiceContainer(settings=settings, db=db, codec=None))
    access.use_verifier(app, mint.verifier)

    @app.get("/api/organizations/<org>/members")
    def members(org):
        claims, role = require_member("organization", org)
        return {"user": claims.user_id, "role": role}

    @app.post("/api/organizations/<org>/invitations")
    def invite(org):
        _, role = require_member("organization", org, roles=("ADMIN",))
        return {"role": role}

    @app.get("/api/organizations/<org>/profiles")
    def profiles(org):
        _, role = require_member("organization", org, platform_roles=("SUPER_ADMIN", "SUPPORT"))
        return {"role": role}

    return app


@pytest.fixture
def world():
    db, mint = FakeDatabase(), TokenMint()
    book = ms.memberships_of(db)
    book.grant("organization", ORG, ANNE, "ADMIN", 1)
    book.grant("organization", ORG, BOB, "MEMBER", 2)
    return app_with(db, mint).test_client(), mint, book


def test_any_member_may_read_and_gets_their_role(world):
    client, mint, _ = world
    assert client.get(f"/api/organizations/{ORG}/members", headers=mint.headers(BOB)).get_json() == {
        "user": BOB, "role": "MEMBER"}
    assert client.get(f"/api/organizations/{ORG}/members", headers=mint.headers(ANNE)).get_json()["role"] == "ADMIN"


def test_a_stranger_an_unknown_scope_and_a_malformed_id_get_the_same_refusal(world):
    client, mint, _ = world
    answers = [client.get(f"/api/organizations/{org}/members", headers=mint.headers(user))
               for org, user in ((ORG, str(uuid.uuid4())), (OTHER, ANNE), ("no-such-org", BOB), ("a.b", ANNE))]
    assert {(a.status_code, a.get_json()["code"]) for a in answers} == {(403, "FORBIDDEN")}


def test_a_role_not_in_roles_is_refused(world):
    client, mint, _ = world
    assert client.post(f"/api/organizations/{ORG}/invitations", headers=mint.headers(BOB)).status_code == 403
    assert client.post(f"/api/organizations/{ORG}/invitations", headers=mint.headers(ANNE)).get_json() == {
        "role": "ADMIN"}


def test_the_check_follows_the_read_model_on_the_next_request(world):
    client, mint, book = world
    book.revoke("organization", ORG, BOB, 3)
    assert client.get(f"/api/organizations/{ORG}/members", headers=mint.headers(BOB)).status_code == 403
    book.grant("organization", ORG, BOB, "ADMIN", 4)
    assert client.post(f"/api/organizations/{ORG}/invitations", headers=mint.headers(BOB)).status_code == 200


def test_platform_roles_bypass_only_where_they_are_given(world):
    client, mint, _ = world
    admin = mint.headers(str(uuid.uuid4()), roles=("SUPER_ADMIN",))
    assert client.get(f"/api/organizations/{OTHER}/profiles", headers=admin).get_json() == {"role": None}
    assert client.get(f"/api/organizations/{OTHER}/members", headers=admin).status_code == 403
    certif = mint.headers(str(uuid.uuid4()), roles=("CERTIF",))
    assert client.get(f"/api/organizations/{OTHER}/profiles", headers=certif).status_code == 403
    member_and_support = mint.headers(BOB, roles=("SUPPORT",))
    assert client.get(f"/api/organizations/{ORG}/profiles", headers=member_and_support).get_json() == {
        "role": "MEMBER"}


def test_no_token_is_a_401_before_any_membership_lookup(world):
    client, _, _ = world
    assert client.get(f"/api/organizations/{ORG}/members").status_code == 401


def test_roles_given_as_one_string_are_a_programming_error(world):
    client, mint, _ = world
    app = client.application
    with app.test_request_context(headers=mint.headers(ANNE)), pytest.raises(TypeError):
        require_member("organization", ORG, roles="ADMIN")
    with app.test_request_context(headers=mint.headers(BOB)), pytest.raises(Forbidden):
        require_member("organization", ORG, roles=("ADMIN",))
