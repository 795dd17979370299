"""Campaigns through sharing's real app and loops on fakes: create, join by code (every
message), one participation, the test's result, sending it, retrying (domain.md §7)."""
import pytest

from .test_campaigns_support import Platform, new_id

pytestmark = pytest.mark.unit


@pytest.fixture
def world():
    return Platform()


def _assessment(world, **body):
    org = world.organization()
    member = world.member(org)
    created = world.create(org, member, **body)
    return org, member, created


def test_a_campaign_gets_a_code_of_unambiguous_characters_and_reads_back(world):
    org, member, created = _assessment(world)
    code = created["code"]
    assert len(code) == 9 and set(code[:6]) <= set("BCDFGHJKMPQRTVWXY") and set(code[6:]) <= set("2346789")
    read = world.client.get(f"/api/campaigns/{created['id']}", headers=world.headers(member)).get_json()
    assert read == {"id": created["id"], "organizationId": org, "title": "Rentrée 2025", "kind": "ASSESSMENT",
                    "code": code, "targetCompetences": ["1.1", "3.4"], "targetTubes": [], "multipleSendings": False,
                    "createdAt": "2025-03-01T09:30:00.000000Z", "participants": 0, "shared": 0}
    world.pump()
    listed = world.client.get(f"/api/organizations/{org}/campaigns", headers=world.headers(member)).get_json()
    assert [c["id"] for c in listed["campaigns"]] == [created["id"]]


def test_an_assessment_must_target_something(world):
    org = world.organization()
    member = world.member(org)
    answer = world.client.post(f"/api/organizations/{org}/campaigns", headers=world.headers(member),
                               json={"title": "Vide", "kind": "ASSESSMENT", "targetCompetences": [],
                                     "targetTubes": []})
    assert answer.status_code == 422 and answer.get_json()["code"] == "EMPTY_TARGET"
    answer = world.client.post(f"/api/organizations/{org}/campaigns", headers=world.headers(member),
                               json={"title": "Faux", "kind": "ASSESSMENT", "targetCompetences": ["9.9"]})
    assert answer.status_code == 422 and answer.get_json()["code"] == "CAMPAIGN_COMPETENCE_UNKNOWN"


def test_the_code_errors_of_domain_md_section_7(world):
    _, _, created = _assessment(world)
    user = world.person()
    empty = world.join(user, "   ")
    assert empty.status_code == 422
    assert empty.get_json() == {"code": "CAMPAIGN_CODE_EMPTY", "message": "Veuillez saisir un code.", "details": {}}
    for wrong in ("BCDFGH235", "NOPE", "BCDFGH2345"):
        answer = world.join(user, wrong)
        assert answer.status_code == 404
        assert answer.get_json()["message"] == ("Votre code est erroné, veuillez vérifier ou contacter "
                                                "l'organisateur.")
    by_code = world.client.get("/api/campaigns/by-code/%20", headers=world.headers(user))
    assert by_code.status_code == 422 and by_code.get_json()["code"] == "CAMPAIGN_CODE_EMPTY"
    english = world.client.get("/api/campaigns/by-code/ZZZZZZ999", headers={**world.headers(user),
                                                                          "Accept-Language": "en"})
    assert english.status_code == 404 and english.get_json()["message"].startswith("Your code is wrong")


def test_a_typed_code_tolerates_spaces_and_case(world):
    org, _, created = _assessment(world)
    user = world.person()
    typed = " ".join(created["code"][i:i + 3] for i in (0, 3, 6)).lower()
    found = world.client.get(f"/api/campaigns/by-code/{typed}", headers=world.headers(user)).get_json()
    assert found == {"id": created["id"], "title": "Rentrée 2025", "kind": "ASSESSMENT",
                     "organization": {"id": org, "displayName": "Lycée Berlioz", "type": "PRO"},
                     "studentNumberRequired": False}
    assert world.join(user, typed).status_code == 201


def test_one_participation_per_person_and_campaign(world):
    _, _, created = _assessment(world)
    user = world.person()
    first = world.join(user, created["code"])
    assert first.status_code == 201
    again = world.join(user, created["code"])
    assert again.status_code == 200 and again.get_json() == first.get_json()
    assert first.get_json()["kind"] == "ASSESSMENT" and first.get_json()["campaignId"] == created["id"]
    started = [e for e in world.envelopes() if e.type == "CampaignParticipationStarted"]
    assert len(started) == 1
    assert started[0].data["target_competences"] == ["1.1", "3.4"] and started[0].data["attempt"] == 1
    assert started[0].stream == f"participation-{created['id']}-{user}" and started[0].key == user


def test_sup_asks_for_the_student_number(world):
    org = world.organization("SUP", "Université de Lille")
    member = world.member(org)
    created = world.create(org, member)
    user = world.person()
    found = world.client.get(f"/api/campaigns/by-code/{created['code']}", headers=world.headers(user)).get_json()
    assert found["studentNumberRequired"] is True
    refused = world.join(user, created["code"])
    assert refused.status_code == 422
    assert refused.get_json()["message"] == "Votre numéro d'étudiant n'est pas renseigné."
    assert world.join(user, created["code"], studentNumber=" 20251234 ").status_code == 201
    world.pump()
    rows = world.client.get(f"/api/campaigns/{created['id']}/participants", headers=world.headers(member)).get_json()
    assert rows["rows"][0]["studentNumber"] == "20251234"


def test_an_assessment_is_sent_once_its_test_is_over(world):
    org, member, created = _assessment(world)
    user = world.person("Élodie", "Martin")
    participation = world.join(user, created["code"]).get_json()["participationId"]
    world.pump()
    view = world.participation(user, participation).get_json()
    assert view["status"] == "STARTED" and view["result"] is None and view["canRetry"] is False
    assert view["organization"] == {"id": org, "displayName": "Lycée Berlioz", "type": "PRO"}
    early = world.share(user, participation)
    assert early.status_code == 409 and early.get_json()["code"] == "NOT_COMPLETED"

    world.deliver(world.completed(participation, user, created["id"], mastery=42))
    view = world.participation(user, participation).get_json()
    assert view["status"] == "TO_SHARE"
    assert view["result"] == {"masteryRate": 42, "validatedSkills": 1, "targetSkills": 3, "competences": [
        {"code": "1.1", "validated": 2, "total": 4, "masteryRate": 50},
        {"code": "3.4", "validated": 1, "total": 3, "masteryRate": 33}]}
    # Not sent yet: the organization sees that the test is over, not its result.
    row = world.client.get(f"/api/campaigns/{created['id']}/participants",
                           headers=world.headers(member)).get_json()["rows"][0]
    assert row["status"] == "TO_SHARE" and row["masteryRate"] is None and row["competences"] == []

    sent = world.share(user, participation)
    assert sent.status_code == 200 and sent.get_json()["sharedAt"] == "2025-03-01T09:30:00.000000Z"
    assert world.share(user, participation).get_json()["code"] == "ALREADY_SHARED"
    (shared,) = [e for e in world.envelopes() if e.type == "CampaignParticipationShared"]
    assert shared.data["mastery_rate"] == 42 and shared.data["share_id"] is None
    world.pump()
    page = world.client.get(f"/api/campaigns/{created['id']}/participants", headers=world.headers(member)).get_json()
    assert page["total"] == 1
    assert page["rows"][0] == {
        "userId": user, "lastName": "Martin", "firstName": "Élodie", "studentNumber": "",
        "startedAt": "2025-03-01T09:30:00.000000Z", "status": "SHARED", "sharedAt": "2025-03-01T09:30:00.000000Z",
        "masteryRate": 42, "competences": [{"code": "1.1", "validated": 2, "total": 4, "masteryRate": 50},
                                           {"code": "3.4", "validated": 1, "total": 3, "masteryRate": 33}],
        "totalPix": None, "certifiableCompetences": None}
    read = world.client.get(f"/api/campaigns/{created['id']}", headers=world.headers(member)).get_json()
    assert (read["participants"], read["shared"]) == (1, 1)
    assert world.join(user, created["code"]).get_json()["code"] == "ALREADY_PARTICIPATED"


def test_a_profile_collection_sends_a_snapshot_in_the_same_commit(world):
    org = world.organization()
    member = world.member(org)
    created = world.create(org, member, kind="PROFILES_COLLECTION")
    user = world.person("Léa", "Dupont")
    world.profile(user, {"1.1": 3, "2.1": 2, "3.1": 1, "4.1": 1, "5.1": 1})
    participation = world.join(user, created["code"]).get_json()["participationId"]
    before = world.participation(user, participation).get_json()
    assert before["status"] == "TO_SHARE"
    assert before["profile"]["totalPix"] == 64  # the consent shows what sending sends
    assert [c["level"] for c in before["profile"]["competences"] if c["level"]] == [3, 2, 1, 1, 1]
    sent = world.share(user, participation).get_json()
    world.profile(user, {"1.1": 5})  # a second later: the snapshot does not follow
    commits = [c for c in world.db["events"].docs.values() if c["stream"].startswith("participation-")]
    assert [[e["type"] for e in c["events"]] for c in commits] == [
        ["CampaignParticipationStarted"], ["CampaignParticipationShared", "ProfileShared"]]
    profile_shared = commits[1]["events"][1]["data"]
    assert profile_shared["share_id"] == sent["shareId"] and profile_shared["campaign_id"] == created["id"]
    assert profile_shared["participation_id"] == participation and profile_shared["total_pix"] == 64
    assert world.db["share_vault"].find_one({"_id": sent["shareId"]})["last_name"] == "Dupont"
    world.pump()
    row = world.client.get(f"/api/campaigns/{created['id']}/participants",
                           headers=world.headers(member)).get_json()["rows"][0]
    assert (row["status"], row["totalPix"], row["certifiableCompetences"]) == ("SHARED", 64, 5)


def test_a_participation_answers_only_to_its_participant(world):
    _, member, created = _assessment(world)
    user, other = world.person(), world.person()
    participation = world.join(user, created["code"]).get_json()["participationId"]
    for who in (other, member):
        for answer in (world.participation(who, participation), world.share(who, participation),
                       world.retry(who, participation)):
            assert answer.status_code == 404 and answer.get_json()["code"] == "PARTICIPATION_NOT_FOUND"
    assert world.participation(user, new_id()).get_json()["code"] == "PARTICIPATION_NOT_FOUND"
    assert world.participation(user, "not-an-id").status_code == 404
    assert world.participation(None, participation).status_code == 401


def test_my_participations_list_the_latest_attempt_of_each_campaign(world):
    _, _, created = _assessment(world)
    user = world.person()
    participation = world.join(user, created["code"]).get_json()["participationId"]
    world.pump()
    mine = world.client.get("/api/campaigns/participations", headers=world.headers(user)).get_json()
    organization = mine["participations"][0]["organization"]
    assert organization["displayName"] and organization["type"]
    assert mine["participations"] == [{"participationId": participation, "campaignId": created["id"],
                                       "organizationId": organization["id"], "organization": organization,
                                       "title": "Rentrée 2025", "kind": "ASSESSMENT", "status": "STARTED",
                                       "attempt": 1, "startedAt": "2025-03-01T09:30:00.000000Z", "sharedAt": None}]
    assert world.client.get("/api/campaigns/participations",
                            headers=world.headers(world.person())).get_json() == {"participations": []}


def test_a_campaign_needs_a_title(world):
    org = world.organization()
    answer = world.client.post(f"/api/organizations/{org}/campaigns", headers=world.headers(world.member(org)),
                               json={"title": "   ", "kind": "PROFILES_COLLECTION"})
    assert answer.status_code == 422
    assert answer.get_json() == {"code": "CAMPAIGN_TITLE_EMPTY", "message": "Donnez un nom à la campagne.",
                                 "details": {}}


def test_the_participants_sort_filter_and_page(world):
    org, member, created = _assessment(world)
    names = [("Émile", "Zola"), ("anne", "Ernaux"), ("Albert", "Camus"), ("Marguerite", "Duras")]
    users = {}
    for first, last in names:
        users[last] = world.person(first, last)
        world.join(users[last], created["code"])
        world.clock.advance(minutes=1)
    world.pump()

    def page(**args):
        answer = world.client.get(f"/api/campaigns/{created['id']}/participants", query_string=args,
                                  headers=world.headers(member))
        assert answer.status_code == 200, answer.get_json()
        return answer.get_json()

    assert [r["lastName"] for r in page()["rows"]] == ["Camus", "Duras", "Ernaux", "Zola"]
    assert [r["lastName"] for r in page(sort="firstName")["rows"]] == ["Camus", "Ernaux", "Zola", "Duras"]
    assert [r["lastName"] for r in page(sort="startedAt", order="desc")["rows"]] == ["Duras", "Camus", "Ernaux",
                                                                                     "Zola"]
    assert [r["lastName"] for r in page(name="emile")["rows"]] == ["Zola"]  # accents and case ignored
    second = page(size=3, page=2)
    assert (second["total"], second["pages"], second["page"], [r["lastName"] for r in second["rows"]]) == (
        4, 2, 2, ["Zola"])
    for wrong in ({"sort": "email"}, {"order": "up"}, {"size": 0}, {"size": 101}, {"page": 0}):
        answer = world.client.get(f"/api/campaigns/{created['id']}/participants", query_string=wrong,
                                  headers=world.headers(member))
        assert answer.status_code == 422, wrong


def test_the_share_flow_campaign_code_goes_through_a_profile_collection_of_that_organization(world):
    from pix_sharing.domain.campaigns import AlreadyParticipated, CampaignCodeUnknown, ShareThroughCampaign

    org, member, assessment = _assessment(world)
    other = world.organization()
    collection = world.create(org, member, kind="PROFILES_COLLECTION", multipleSendings=True)
    once = world.create(org, member, kind="PROFILES_COLLECTION", title="Une fois")
    elsewhere = world.create(other, world.member(other), kind="PROFILES_COLLECTION")
    user = world.person()
    world.profile(user, {"1.1": 1})
    for code, organization in ((assessment["code"], org), (elsewhere["code"], org), (collection["code"], other)):
        with pytest.raises(CampaignCodeUnknown):
            world.service.execute(ShareThroughCampaign(user, code, organization))
    typed = collection["code"].lower()
    first = world.service.execute(ShareThroughCampaign(user, typed, org))
    world.profile(user, {"1.1": 2})
    second = world.service.execute(ShareThroughCampaign(user, typed, org))  # multiple sendings: a new snapshot
    assert first.share_id != second.share_id and first.participation_id != second.participation_id
    shares = [e.data for e in world.envelopes() if e.type == "ProfileShared"]
    assert [(s["campaign_id"], s["total_pix"]) for s in shares] == [(collection["id"], 8), (collection["id"], 16)]
    world.service.execute(ShareThroughCampaign(user, once["code"], org))
    with pytest.raises(AlreadyParticipated):
        world.service.execute(ShareThroughCampaign(user, once["code"], org))


def test_two_joins_at_once_end_with_one_participation(world, monkeypatch):
    """The second append at the same version is refused by the store: that join answers
    with the participation the first one made, and its vault entry goes."""
    _, _, created = _assessment(world)
    user = world.person()
    store, real_append = world.service.store, world.service.store.append
    winner = {}

    def racing_append(stream, expected_version, events, **kw):
        if not winner and stream.startswith("participation-"):
            monkeypatch.setattr(store, "append", real_append)
            winner.update(world.join(user, created["code"]).get_json())  # the other request, first
        return real_append(stream, expected_version, events, **kw)

    monkeypatch.setattr(store, "append", racing_append)
    answer = world.join(user, created["code"])
    assert answer.status_code == 200 and answer.get_json() == winner
    started = [e for e in world.envelopes() if e.type == "CampaignParticipationStarted"]
    assert [e.data["participation_id"] for e in started] == [winner["participationId"]]
    entries = [key for key in world.db["participation_vault"].docs if not key.startswith("person:")]
    assert entries == [winner["participationId"]]
