"""Organizations over HTTP, on sharing's real bootstrap and the strict fake store: creation,
the admin's invitation mail, accepting, roles, removal, the last admin, and every message."""
from __future__ import annotations

import re

import pytest
from pix_sharing.domain import organizations as org
from pix_sharing.handlers.organizations import iso_utc

from .test_organizations_support import SUPER, Platform, new_user


@pytest.fixture
def platform(tmp_path):
    return Platform(tmp_path / "mails")


def message(answer) -> tuple[int, str, str]:
    body = answer.get_json()
    return answer.status_code, body["code"], body["message"]


def test_a_platform_admin_creates_an_organization_with_a_code_and_its_admin_gets_a_link(platform):
    created = platform.create("Université de Lyon", "SUP", "Doyen@Univ-Lyon.fr")
    assert set(created) == {"id", "displayName", "type", "code"}
    assert created["displayName"] == "Université de Lyon" and created["type"] == "SUP"
    assert re.fullmatch(r"[A-HJ-NP-Z]{4}-[2-9]{4}", created["code"])
    assert platform.db["codes"].find_one({"_id": f"organization:{created['code']}"}) == {
        "_id": f"organization:{created['code']}", "organization_id": created["id"]}
    mail = platform.mail_for("doyen@univ-lyon.fr")
    assert mail["Subject"] == "Pix : invitation à rejoindre Université de Lyon"
    body = mail.get_content()
    assert "en tant qu'administrateur" in body and "08/03/2025 09:30" in body
    invitation_id, token = platform.link_of("doyen@univ-lyon.fr")
    vaulted = platform.db["invitations"].find_one({"_id": invitation_id})
    # Only the token's hash is stored: the vault alone gives no working link.
    assert token not in str(vaulted) and vaulted["token_hash"] == org.token_hash(token)
    assert vaulted["status"] == "pending" and vaulted["role"] == "ADMIN"
    listed = platform.client.get("/api/organizations", headers=platform.as_super()).get_json()
    assert listed == {"organizations": [{**created, "createdAt": "2025-03-01T09:30:00.000000Z"}]}


def test_the_invitation_mail_is_in_english_for_an_english_speaking_inviter(platform):
    answer = platform.client.post("/api/organizations", headers={**platform.as_super(), "Accept-Language": "en"},
                                  json={"displayName": "Acme", "type": "PRO", "adminEmail": "boss@acme.com"})
    assert answer.status_code == 201
    platform.pump()
    mail = platform.mail_for("boss@acme.com")
    assert mail["Subject"] == "Pix: invitation to join Acme"
    assert "as an administrator" in mail.get_content()


def test_accepting_makes_the_person_an_admin_visible_in_mine_and_members(platform):
    organization = platform.create()
    admin = new_user()
    platform.person(admin, "Claire", "Dupont")
    invitation_id, token = platform.link_of("direction@lycee.fr")
    shown = platform.client.get(f"/api/organizations/invitations/{invitation_id}?token={token}",
                                headers=platform.headers(admin))
    assert shown.status_code == 200
    assert shown.get_json() == {"organizationId": organization["id"], "displayName": "Lycée Jean Moulin",
                                "role": "ADMIN"}
    assert platform.accept(admin, "direction@lycee.fr") == {"organizationId": organization["id"]}
    # The used invitation no longer holds the address.
    assert platform.db["invitations"].find_one({"_id": invitation_id})["email"] is None
    mine = platform.client.get("/api/organizations/mine", headers=platform.headers(admin)).get_json()
    assert mine == {"organizations": [{"id": organization["id"], "displayName": "Lycée Jean Moulin",
                                       "type": "SCO", "code": organization["code"], "role": "ADMIN"}]}
    one = platform.client.get(f"/api/organizations/{organization['id']}", headers=platform.headers(admin))
    assert one.get_json() == {"id": organization["id"], "displayName": "Lycée Jean Moulin", "type": "SCO",
                              "code": organization["code"], "role": "ADMIN"}
    members = platform.client.get(f"/api/organizations/{organization['id']}/members", headers=platform.headers(admin))
    assert members.get_json() == {"members": [{"userId": admin, "firstName": "Claire", "lastName": "Dupont",
                                               "role": "ADMIN"}], "invitations": []}


def test_an_admin_invites_a_member_who_sees_members_but_not_invitations(platform):
    organization_id, admin = platform.organization_with_admin()
    answer = platform.invite(organization_id, admin, "Prof@Lycee.fr", "MEMBER")
    assert answer.status_code == 201 and set(answer.get_json()) == {"id"}
    pending = platform.client.get(f"/api/organizations/{organization_id}/members",
                                  headers=platform.headers(admin)).get_json()["invitations"]
    assert pending == [{"id": answer.get_json()["id"], "email": "prof@lycee.fr", "role": "MEMBER",
                        "expiresAt": "2025-03-08T09:30:00.000000Z"}]
    member = new_user()
    platform.accept(member, "prof@lycee.fr")
    seen = platform.client.get(f"/api/organizations/{organization_id}/members",
                               headers=platform.headers(member)).get_json()
    assert "invitations" not in seen
    assert {(m["userId"], m["role"]) for m in seen["members"]} == {(admin, "ADMIN"), (member, "MEMBER")}
    assert platform.client.get(f"/api/organizations/{organization_id}/members",
                               headers=platform.headers(admin)).get_json()["invitations"] == []


def test_a_used_invitation_works_once(platform):
    platform.create()
    first, second = new_user(), new_user()
    invitation_id, token = platform.link_of("direction@lycee.fr")
    platform.accept(first, "direction@lycee.fr")
    again = platform.client.post(f"/api/organizations/invitations/{invitation_id}/accept",
                                 headers=platform.headers(second), json={"token": token})
    assert message(again) == (409, "INVITATION_USED", "Cette invitation a déjà été utilisée.")
    shown = platform.client.get(f"/api/organizations/invitations/{invitation_id}?token={token}",
                                headers=platform.headers(second))
    assert message(shown)[:2] == (409, "INVITATION_USED")
    # The same person again (a double click): still one membership, no second event.
    joined = [e for e in platform.envelopes() if e.type == "MemberJoined"]
    repeat = platform.client.post(f"/api/organizations/invitations/{invitation_id}/accept",
                                  headers=platform.headers(first), json={"token": token})
    assert repeat.status_code == 200
    assert [e for e in platform.envelopes() if e.type == "MemberJoined"] == joined


def test_an_expired_invitation_is_refused(platform):
    platform.create()
    invitation_id, token = platform.link_of("direction@lycee.fr")
    platform.clock.advance(days=7)
    user = new_user()
    shown = platform.client.get(f"/api/organizations/invitations/{invitation_id}?token={token}",
                                headers=platform.headers(user))
    assert message(shown) == (410, "INVITATION_EXPIRED", "Cette invitation a expiré ; demandez-en une nouvelle "
                                                         "à un administrateur de l'organisation.")
    accepted = platform.client.post(f"/api/organizations/invitations/{invitation_id}/accept",
                                    headers=platform.headers(user), json={"token": token})
    assert message(accepted)[:2] == (410, "INVITATION_EXPIRED")
    assert platform.db["invitations"].find_one({"_id": invitation_id})["status"] == "pending"


def test_a_wrong_token_or_id_is_not_found(platform):
    platform.create()
    invitation_id, token = platform.link_of("direction@lycee.fr")
    user = platform.headers(new_user())
    for path in (f"{invitation_id}?token={token}x", f"{new_user()}?token={token}"):
        answer = platform.client.get(f"/api/organizations/invitations/{path}", headers=user)
        assert message(answer) == (404, "INVITATION_NOT_FOUND",
                                   "Cette invitation n'existe pas ; vérifiez le lien reçu par e-mail.")
    answer = platform.client.post(f"/api/organizations/invitations/{invitation_id}/accept", headers=user,
                                  json={"token": "x" + token})
    assert message(answer)[:2] == (404, "INVITATION_NOT_FOUND")
    assert platform.db["invitations"].find_one({"_id": invitation_id})["status"] == "pending"


def test_a_crash_between_spending_the_link_and_joining_is_completed_by_the_same_person(platform):
    organization = platform.create()
    invitation_id, token = platform.link_of("direction@lycee.fr")
    user = new_user()
    # The crash: the vault says accepted, MemberJoined was never appended.
    assert platform.service.handlers  # the real vault adapter, as the handler would have used it
    platform.db["invitations"].update_one({"_id": invitation_id}, {"$set": {
        "status": "accepted", "accepted_by": user, "accepted_at": iso_utc(platform.clock()), "email": None}})
    assert not [e for e in platform.envelopes() if e.type == "MemberJoined"]
    stranger = platform.client.post(f"/api/organizations/invitations/{invitation_id}/accept",
                                    headers=platform.headers(new_user()), json={"token": token})
    assert message(stranger)[:2] == (409, "INVITATION_USED")
    again = platform.client.post(f"/api/organizations/invitations/{invitation_id}/accept",
                                 headers=platform.headers(user), json={"token": token})
    assert again.status_code == 200
    platform.pump()
    joined = [e.data for e in platform.envelopes() if e.type == "MemberJoined"]
    assert [(j["user_id"], j["role"]) for j in joined] == [(user, "ADMIN")]
    assert platform.client.get(f"/api/organizations/{organization['id']}",
                               headers=platform.headers(user)).get_json()["role"] == "ADMIN"


def test_roles_change_and_the_last_admin_stays(platform):
    organization_id, admin = platform.organization_with_admin()
    member = platform.add_member(organization_id, admin)
    base = f"/api/organizations/{organization_id}/members"
    last = platform.client.patch(f"{base}/{admin}", headers=platform.headers(admin), json={"role": "MEMBER"})
    assert message(last) == (409, "LAST_ADMIN", "Une organisation garde au moins un administrateur.")
    gone = platform.client.delete(f"{base}/{admin}", headers=platform.headers(admin))
    assert message(gone)[:2] == (409, "LAST_ADMIN")
    promoted = platform.client.patch(f"{base}/{member}", headers=platform.headers(admin), json={"role": "ADMIN"})
    assert promoted.status_code == 200 and promoted.get_json() == {"userId": member, "role": "ADMIN"}
    platform.pump()
    # Two admins now: the first may step down, then the second is the last one.
    assert platform.client.patch(f"{base}/{admin}", headers=platform.headers(admin),
                                 json={"role": "MEMBER"}).status_code == 200
    platform.pump()
    assert message(platform.client.delete(f"{base}/{member}", headers=platform.headers(member)))[:2] == (
        409, "LAST_ADMIN")
    roles = platform.client.get(base, headers=platform.headers(member)).get_json()["members"]
    assert {(m["userId"], m["role"]) for m in roles} == {(admin, "MEMBER"), (member, "ADMIN")}


def test_an_admin_removes_a_member_and_a_member_may_leave(platform):
    organization_id, admin = platform.organization_with_admin()
    first, second = platform.add_member(organization_id, admin), platform.add_member(organization_id, admin)
    base = f"/api/organizations/{organization_id}/members"
    assert platform.client.delete(f"{base}/{first}", headers=platform.headers(admin)).status_code == 204
    assert platform.client.delete(f"{base}/{second}", headers=platform.headers(second)).status_code == 204
    platform.pump()
    for gone in (first, second):
        answer = platform.client.get(f"/api/organizations/{organization_id}", headers=platform.headers(gone))
        assert message(answer)[:2] == (404, "ORGANIZATION_NOT_FOUND")
        assert platform.client.get("/api/organizations/mine", headers=platform.headers(gone)).get_json() == {
            "organizations": []}
    unknown = platform.client.delete(f"{base}/{first}", headers=platform.headers(admin))
    assert message(unknown) == (404, "MEMBER_NOT_FOUND", "Cette personne n'est pas membre de l'organisation.")
    changed = platform.client.patch(f"{base}/{new_user()}", headers=platform.headers(admin), json={"role": "ADMIN"})
    assert message(changed)[:2] == (404, "MEMBER_NOT_FOUND")


def test_a_member_is_no_admin(platform):
    organization_id, admin = platform.organization_with_admin()
    member = platform.add_member(organization_id, admin)
    base = f"/api/organizations/{organization_id}"
    refused = [platform.invite(organization_id, member, "x@example.fr"),
               platform.client.patch(f"{base}/members/{admin}", headers=platform.headers(member),
                                     json={"role": "MEMBER"}),
               platform.client.delete(f"{base}/members/{admin}", headers=platform.headers(member))]
    for answer in refused:
        assert message(answer) == (403, "FORBIDDEN", "Vous n'avez pas accès à cette ressource.")


def test_the_aggregate_decides_even_when_the_read_model_lags(platform):
    """A removed admin whose membership document still says ADMIN (the projection behind)
    is refused by the organization's own stream."""
    organization_id, admin = platform.organization_with_admin()
    other = platform.add_member(organization_id, admin, "ADMIN")
    assert platform.client.delete(f"/api/organizations/{organization_id}/members/{admin}",
                                  headers=platform.headers(other)).status_code == 204
    # not delivered yet: the read model still lists `admin` as ADMIN
    assert platform.db["memberships"].find_one({"_id": f"organization:{organization_id}:{admin}"})["role"] == "ADMIN"
    vaulted, appended = len(platform.db["invitations"].docs), len(platform.envelopes())
    answer = platform.client.post(f"/api/organizations/{organization_id}/invitations",
                                  headers=platform.headers(admin), json={"email": "late@example.fr", "role": "MEMBER"})
    assert message(answer)[:2] == (403, "FORBIDDEN")
    assert (len(platform.db["invitations"].docs), len(platform.envelopes())) == (vaulted, appended)


@pytest.mark.parametrize("typed", ["abcd-2345", " ABCD 2345 ", "ab-cd-23-45", "AbCd2345"])
def test_a_code_is_found_however_it_is_typed(platform, typed):
    created = platform.create()
    code = created["code"]
    typed = typed.replace("ABCD", code[:4]).replace("abcd", code[:4].lower()).replace("AbCd", code[:4].title())
    typed = typed.replace("ab-cd", f"{code[:2].lower()}-{code[2:4].lower()}").replace("2345", code[5:])
    typed = typed.replace("23-45", f"{code[5:7]}-{code[7:]}")
    answer = platform.client.get(f"/api/organizations/by-code/{typed}", headers=platform.headers(new_user()))
    assert answer.status_code == 200, (typed, answer.get_json())
    assert answer.get_json() == {"id": created["id"], "displayName": "Lycée Jean Moulin", "type": "SCO"}


def test_an_unknown_or_blank_code(platform):
    platform.create()
    user = platform.headers(new_user())
    unknown = platform.client.get("/api/organizations/by-code/ZZZZ-9999", headers=user)
    assert message(unknown) == (404, "ORGANIZATION_CODE_UNKNOWN", "Ce code ne correspond à aucune organisation.")
    nonsense = platform.client.get("/api/organizations/by-code/n'importe quoi", headers=user)
    assert message(nonsense)[:2] == (404, "ORGANIZATION_CODE_UNKNOWN")
    blank = platform.client.get("/api/organizations/by-code/%20-%20", headers=user)
    assert message(blank) == (422, "ORGANIZATION_CODE_EMPTY", "Veuillez saisir le code de l'organisation.")


def test_normalization_and_the_code_draw():
    assert org.normalize_organization_code(" abcd - 2345 ") == "ABCD-2345"
    assert org.normalize_organization_code("  - ") is None
    assert org.normalize_organization_code("") is None
    assert org.normalize_organization_code("abcd-1234") == "ABCD1234"  # 1 is no code digit: no match
    draws = {org.draw_organization_code() for _ in range(200)}
    assert all(re.fullmatch(r"[A-HJ-NP-Z]{4}-[2-9]{4}", code) for code in draws) and len(draws) > 190


def test_a_taken_code_is_drawn_again(platform):
    from pix_sharing.adapters.organization_codes import reserve_organization_code

    platform.db["codes"].insert_one({"_id": "organization:AAAA-2222", "organization_id": "someone"})
    draws = iter(["AAAA-2222", "BBBB-3333"])
    assert reserve_organization_code(platform.db, "mine", lambda: next(draws)) == "BBBB-3333"
    assert platform.db["codes"].find_one({"_id": "organization:BBBB-3333"})["organization_id"] == "mine"


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"displayName": "", "type": "SCO", "adminEmail": "a@b.fr"}, "displayName", "ORGANIZATION_NAME_LENGTH"),
    ({"displayName": "x" * 201, "type": "SCO", "adminEmail": "a@b.fr"}, "displayName", "ORGANIZATION_NAME_LENGTH"),
    ({"displayName": "X", "type": "ECOLE", "adminEmail": "a@b.fr"}, "type", "ORGANIZATION_TYPE_UNKNOWN"),
    ({"displayName": "X", "type": "SCO", "adminEmail": "pas une adresse"}, "adminEmail", "EMAIL_INVALID"),
    ({"displayName": "X", "type": "SCO", "adminEmail": "a@" + "b" * 260 + ".fr"}, "adminEmail",
     "INVITATION_EMAIL_TOO_LONG"),
])
def test_creation_input_is_checked(platform, body, field, code):
    answer = platform.client.post("/api/organizations", headers=platform.as_super(), json=body)
    assert answer.status_code == 422
    errors = answer.get_json()["details"]["fields"][field]
    assert code in [e["code"] for e in errors], errors
    assert all(e["message"] for e in errors)


def test_an_invitation_role_is_checked(platform):
    organization_id, admin = platform.organization_with_admin()
    answer = platform.invite(organization_id, admin, "x@example.fr", "OWNER")
    assert answer.status_code == 422
    assert answer.get_json()["details"]["fields"]["role"][0] == {"code": "MEMBER_ROLE_UNKNOWN",
                                                                 "message": "Rôle inconnu : ADMIN ou MEMBER."}


def test_only_a_platform_admin_creates_or_lists(platform):
    body = {"displayName": "X", "type": "SCO", "adminEmail": "a@b.fr"}
    for headers in (platform.headers(new_user()), platform.headers(new_user(), ("SUPPORT",))):
        assert platform.client.post("/api/organizations", headers=headers, json=body).status_code == 403
        assert platform.client.get("/api/organizations", headers=headers).status_code == 403
    assert platform.client.post("/api/organizations", json=body).status_code == 401
    assert platform.db["events"].docs == {} and SUPER


def test_refusals_speak_english_when_asked(platform):
    organization_id, admin = platform.organization_with_admin()
    english = {**platform.headers(admin), "Accept-Language": "en"}
    answer = platform.client.patch(f"/api/organizations/{organization_id}/members/{admin}", headers=english,
                                   json={"role": "MEMBER"})
    assert message(answer) == (409, "LAST_ADMIN", "An organization keeps at least one administrator.")
    unknown = platform.client.get("/api/organizations/by-code/ZZZZ-9999",
                                  headers={**platform.headers(admin), "Accept-Language": "en"})
    assert message(unknown) == (404, "ORGANIZATION_CODE_UNKNOWN", "This code does not match any organization.")


def test_a_conflicting_append_is_decided_again_then_answered_409(platform, monkeypatch):
    from pixkit.store import ConcurrencyError

    organization_id, admin = platform.organization_with_admin()
    store, append, conflicts = platform.service.store, platform.service.store.append, []

    def another_admin_first(*args, **kwargs):
        if len(conflicts) < conflicts_wanted:
            conflicts.append(args[0])
            raise ConcurrencyError("another writer appended first")
        return append(*args, **kwargs)

    monkeypatch.setattr(store, "append", another_admin_first)
    conflicts_wanted = 1
    invited = platform.invite(organization_id, admin, "retry@example.fr")
    assert invited.status_code == 201 and len(conflicts) == 1
    assert [e.data["invitation_id"] for e in platform.envelopes() if e.type == "MemberInvited"][-1] == \
        invited.get_json()["id"]
    conflicts.clear()
    conflicts_wanted = 3
    refused = platform.invite(organization_id, admin, "busy@example.fr")
    assert refused.status_code == 409 and refused.get_json()["code"] == "CONCURRENT_UPDATE"


def test_the_link_key_is_made_once_and_shared_by_every_process():
    from pixkit.service_secrets import ServiceSecrets
    from pixkit.testing import FakeDatabase

    db = FakeDatabase()
    first, second = ServiceSecrets(db, "sharing", env={}), ServiceSecrets(db, "sharing", env={})
    assert first.get(org.INVITATION_KEY) == second.get(org.INVITATION_KEY)
    assert len(first.get(org.INVITATION_KEY)) == 32
    assert ServiceSecrets(db, "sharing", env={"PIX_SHARING_INVITATION_LINK_KEY": "k"}).get(org.INVITATION_KEY) == b"k"
