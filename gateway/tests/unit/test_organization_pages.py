"""The organization space against sharing's fake: my organizations, an organization's code
and its shared-profiles table (every column sorts, aria-sort on the sorted one, the GET
filter by name and campaign, pages), the CSV/XLSX streamed through, a person's snapshot,
another organization's as a 404, the members (invite, change a role, remove, the last
admin kept) and the invitation's link, which needs signing in first."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .sharing_pages import account, calls, follow, post, sign_in, text
from .test_pages import sign_up

ROWS = [{"userId": "7f1c0d2e-0000-4000-8000-000000000001", "lastName": "Dupont", "firstName": "Léa",
         "sharedAt": "2026-11-30T08:15:00Z", "totalPix": 52, "profilePercent": 12, "studentNumber": "E1",
         "campaignIds": []},
        {"userId": "7f1c0d2e-0000-4000-8000-000000000002", "lastName": "<b>Martin</b>", "firstName": "Paul",
         "sharedAt": "2026-12-01T15:00:00Z", "totalPix": 8, "profilePercent": 6, "studentNumber": None,
         "campaignIds": []}]


@pytest.fixture
def identity(sharing_services):
    return sharing_services[0]


@pytest.fixture
def lycee(sharing):
    return sharing.add_org("Lycée Jean Moulin", "SCO", "ABCD-2345")


@pytest.fixture
def admin(identity, sharing, lycee, sharing_browser):
    """The lycée's admin, signed in."""
    user = account(identity, first="Ada", last="Min")
    sharing.members[lycee["id"]][user["id"]] = "ADMIN"
    sign_in(sharing_browser, user)
    return user


def tight(page: str) -> str:
    """The page without the blanks between tags (the template's lines)."""
    return re.sub(r">\s+<", "><", page)


def space(lycee) -> str:
    return f"/organisations/{lycee['id']}"


def test_my_organizations_link_to_their_space(sharing_browser, admin, lycee, sharing):
    sharing.add_org("Ailleurs", "PRO", "ZZZZ-2345")  # not hers
    page = text(sharing_browser.get("/organisations"))
    assert f'<a href="{space(lycee)}">Lycée Jean Moulin</a>' in page and "Ailleurs" not in page
    assert "Établissement scolaire · Administrateur" in page
    assert '<a class="audience" href="/organisations" aria-current="page">Organisations</a>' in page


def test_no_organization_says_how_to_join_one(sharing_browser, identity):
    sign_in(sharing_browser, account(identity))
    assert "Vous n'êtes membre d'aucune organisation." in text(sharing_browser.get("/organisations"))


def test_the_space_shows_the_code_and_the_table(sharing_browser, admin, lycee, sharing):
    sharing.config["ROWS"] = ROWS
    answer = sharing_browser.get(space(lycee))
    page = tight(text(answer))
    assert answer.status_code == 200 and 'id="organization-code">ABCD-2345</strong>' in page
    assert ('<div class="table-box" role="region" tabindex="0" aria-labelledby="organization-table-1">'
            '<table class="data" aria-describedby="profiles-count"><caption id="organization-table-1">'
            "Profils partagés avec l'organisation (page 1 sur 1)") in page  # a box that scrolls by keyboard too
    headers = re.findall(r'<th scope="col"[^>]*><a href="[^"]+">([^<]+)', page)
    assert headers == ["Nom", "Prénom", "Date d'envoi", "Score Pix", "% d'avancement"]  # SCO: no student number
    assert "N° étudiant" not in page
    assert (f'<th scope="row"><a href="{space(lycee)}/profils/{ROWS[0]["userId"]}">Dupont</a></th>'
            "<td>Léa</td><td>30 novembre 2026 à 9 h 15</td><td>52</td><td>12 %</td>") in page
    assert "&lt;b&gt;Martin&lt;/b&gt;" in answer.get_data(as_text=True)  # escaped
    query = parse_qs(calls(sharing, "GET", f"/api/organizations/{lycee['id']}/profiles")[0][2])
    assert query == {"sort": ["sharedAt"], "order": ["desc"], "page": ["1"], "size": ["50"]}


def test_every_column_sorts_and_the_sorted_one_says_so(sharing_browser, admin, lycee, sharing):
    sharing.config["ROWS"] = ROWS
    page = sharing_browser.get(space(lycee)).get_data(as_text=True)
    sorted_by = re.findall(r'<th scope="col" aria-sort="(\w+)"><a href="([^"]+)">([^<]+)', page)
    assert sorted_by == [("descending", f"{space(lycee)}?tri=sharedAt&amp;ordre=asc", "Date d&#39;envoi")]
    links = re.findall(r'<th scope="col"[^>]*><a href="([^"]+)">', page)
    assert [parse_qs(urlsplit(link.replace("&amp;", "&")).query)["tri"][0] for link in links] == [
        "lastName", "firstName", "sharedAt", "totalPix", "profilePercent"]
    page = sharing_browser.get(f"{space(lycee)}?tri=lastName&ordre=asc").get_data(as_text=True)
    assert re.findall(r'aria-sort="(\w+)"><a href="([^"]+)">Nom', page) == [
        ("ascending", f"{space(lycee)}?tri=lastName&amp;ordre=desc")]
    assert "(tri croissant)" in text(sharing_browser.get(f"{space(lycee)}?tri=lastName&ordre=asc"))
    query = parse_qs(calls(sharing, "GET", f"/api/organizations/{lycee['id']}/profiles")[-1][2])
    assert query["sort"] == ["lastName"] and query["order"] == ["asc"]


def test_filter_by_name_and_campaign_and_pages(sharing_browser, admin, lycee, sharing):
    campaign = post(sharing_browser, f"{space(lycee)}/campagnes/nouvelle", title="Rentrée",
                    kind="PROFILES_COLLECTION")
    campaign_id = campaign.location.rsplit("/", 1)[1]
    sharing.config.update(ROWS=ROWS, TOTAL=120, PAGES=3)
    page = sharing_browser.get(f"{space(lycee)}?nom=dup&campagne={campaign_id}&page=2").get_data(as_text=True)
    query = parse_qs(calls(sharing, "GET", f"/api/organizations/{lycee['id']}/profiles")[-1][2])
    assert query["name"] == ["dup"] and query["campaign"] == [campaign_id] and query["page"] == ["2"]
    assert f'<option value="{campaign_id}" selected>Rentrée</option>' in page
    assert 'role="search"' in page and 'value="dup"' in page and "Profils correspondants : 120" in page
    assert "Page 2 sur 3" in page and 'rel="prev"' in page and 'rel="next"' in page
    assert f"{space(lycee)}?tri=sharedAt&amp;ordre=desc&amp;nom=dup&amp;campagne={campaign_id}&amp;page=3" in page
    assert f"{space(lycee)}?tri=sharedAt&amp;ordre=desc&amp;nom=dup&amp;campagne={campaign_id}\"" in page  # page 1


@pytest.mark.parametrize("query", ["tri=password", "ordre=up", "page=0", "page=x", "campagne=../x"])
def test_a_wrong_query_is_not_found(sharing_browser, admin, lycee, query):
    assert sharing_browser.get(f"{space(lycee)}?{query}").status_code == 404


def test_sup_has_the_student_number_column(sharing_browser, identity, sharing):
    university = sharing.add_org("Université", "SUP", "UNIV-2345")
    user = account(identity)
    sharing.members[university["id"]][user["id"]] = "MEMBER"
    sign_in(sharing_browser, user)
    sharing.config["ROWS"] = ROWS
    page = tight(text(sharing_browser.get(f"/organisations/{university['id']}")))
    assert "N° étudiant</a></th>" in page and "<td>12 %</td><td>E1</td>" in page


def test_the_exports_stream_through_with_their_name(sharing_browser, admin, lycee, sharing):
    sharing.config["EXPORT_ROWS"] = 20000  # about 400 kB: passed on chunk by chunk, never held whole
    answer = sharing_browser.get(f"{space(lycee)}/profils.csv", buffered=False)
    assert answer.status_code == 200 and answer.is_streamed
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert answer.headers["Content-Disposition"] == "attachment; filename*=UTF-8''Lyc%C3%A9e-2026-12-02.csv"
    chunks = list(answer.response)
    body = b"".join(chunks)
    assert len(chunks) > 2 and body.startswith("\ufeffNom;Prénom\r\n".encode()) and b"Nom19999;" in body
    answer.close()
    sharing_browser.get(f"{space(lycee)}/profils.csv?detaille=1").close()
    sharing_browser.get(f"{space(lycee)}/profils.xlsx").close()
    paths = [(c[1], c[2]) for c in sharing.calls if ".csv" in c[1] or ".xlsx" in c[1]]
    base = f"/api/organizations/{lycee['id']}/profiles"
    assert paths == [(f"{base}.csv", ""), (f"{base}.csv", "detailed=1"), (f"{base}.xlsx", "")]
    page = text(sharing_browser.get(space(lycee)))
    assert f'href="{space(lycee)}/profils.csv?detaille=1" download' in page


def test_another_organization_is_not_found_everywhere(sharing_browser, admin, sharing):
    other = sharing.add_org("Ailleurs", "PRO", "ZZZZ-2345")
    for path in ("", "/profils.csv", "/membres", "/statistiques", "/campagnes", f"/profils/{ROWS[0]['userId']}"):
        answer = sharing_browser.get(f"/organisations/{other['id']}{path}")
        assert answer.status_code == 404 and "Cette organisation n'existe pas." in text(answer), path
        assert "<h1>Page introuvable</h1>" in text(answer) and "Ailleurs" not in text(answer), path


def test_a_person_s_snapshot(sharing_browser, admin, lycee, sharing):
    sharing.config["ROWS"] = ROWS
    page = text(sharing_browser.get(f"{space(lycee)}/profils/{ROWS[0]['userId']}"))
    assert "<h2>Léa Dupont</h2>" in page and "Score total : 52 pix" in page
    assert '<th scope="row">2.1 Interagir</th><td>2</td><td>22</td>' in page
    assert ">Ses envois</caption>" in page
    missing = sharing_browser.get(f"{space(lycee)}/profils/7f1c0d2e-0000-4000-8000-00000000000f")
    assert missing.status_code == 404


def test_members_invite_change_and_remove(sharing_browser, admin, lycee, sharing, identity):
    paul = account(identity, first="Paul", last="Membre")
    sharing.members[lycee["id"]][paul["id"]] = "MEMBER"
    page = text(sharing_browser.get(f"{space(lycee)}/membres"))
    assert ">Les membres de l'organisation</caption>" in page and "Membre</th><td>Paul</td>" in page
    assert 'for="email">Adresse e-mail</label>' in page and 'for="role">Rôle</label>' in page
    bad = follow(sharing_browser, post(sharing_browser, f"{space(lycee)}/membres/invitation", email="nope",
                                       role="ADMIN"), f"{space(lycee)}/membres")
    assert bad.status_code == 422 and "L'adresse e-mail n'est pas valide." in text(bad)
    sent = post(sharing_browser, f"{space(lycee)}/membres/invitation", email="new@example.fr", role="MEMBER")
    assert sent.location == f"{space(lycee)}/membres?info=invited"
    assert calls(sharing, "POST", f"/api/organizations/{lycee['id']}/invitations")[-1][3] == {
        "email": "new@example.fr", "role": "MEMBER"}
    page = text(sharing_browser.get(sent.location))
    assert "L'invitation a été envoyée." in page and '<th scope="row">new@example.fr</th><td>Membre</td>' in page
    changed = post(sharing_browser, f"{space(lycee)}/membres/{paul['id']}/role", role="ADMIN")
    assert changed.location.endswith("info=role") and sharing.members[lycee["id"]][paul["id"]] == "ADMIN"
    removed = post(sharing_browser, f"{space(lycee)}/membres/{paul['id']}/retrait")
    assert removed.location.endswith("info=removed") and paul["id"] not in sharing.members[lycee["id"]]


def test_the_last_admin_is_kept_and_the_page_says_so(sharing_browser, admin, lycee, sharing):
    answer = follow(sharing_browser, post(sharing_browser, f"{space(lycee)}/membres/{admin['id']}/role",
                                          role="MEMBER"), f"{space(lycee)}/membres")
    assert answer.status_code == 409 and 'role="alert"' in text(answer)
    assert "Une organisation garde au moins un administrateur." in text(answer)
    answer = follow(sharing_browser, post(sharing_browser, f"{space(lycee)}/membres/{admin['id']}/retrait"),
                    f"{space(lycee)}/membres")
    assert "Une organisation garde au moins un administrateur." in text(answer)


def test_a_member_sees_the_members_without_the_admin_forms(sharing_browser, identity, lycee, sharing):
    user = account(identity)
    sharing.members[lycee["id"]][user["id"]] = "MEMBER"
    sign_in(sharing_browser, user)
    page = text(sharing_browser.get(f"{space(lycee)}/membres"))
    assert "Inviter un membre" not in page and "Retirer" not in page and "Invitations en attente" not in page
    refused = post(sharing_browser, f"{space(lycee)}/membres/invitation", email="x@example.fr", role="ADMIN")
    assert refused.status_code == 403


def test_the_invitation_link_signs_in_first_then_joins(sharing_browser, identity, lycee, sharing):
    invitation = sharing.invite(lycee["id"], "zoe@example.fr", "ADMIN")
    link = f"/organisations/invitation/{invitation['id']}?jeton={invitation['token']}"
    answer = sharing_browser.get(link)
    assert answer.status_code == 303 and parse_qs(urlsplit(answer.location).query)["next"] == [link]
    zoe = account(identity, first="Zoe")
    login = sharing_browser.post("/connexion", data={"email": zoe["email"], "password": "Secret123", "next": link,
                                                     "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                                             text(sharing_browser.get(answer.location))
                                                                             ).group(1)})
    assert login.location == link
    page = text(sharing_browser.get(link))
    assert "Vous êtes invité à rejoindre Lycée Jean Moulin en tant qu'administrateur." in page
    joined = post(sharing_browser, f"/organisations/invitation/{invitation['id']}", jeton=invitation["token"])
    assert joined.location == f"{space(lycee)}?info=joined" and sharing.members[lycee["id"]][zoe["id"]] == "ADMIN"
    assert "Vous avez rejoint l'organisation." in text(sharing_browser.get(joined.location))
    again = sharing_browser.get(link)
    assert again.status_code == 409 and "Cette invitation a déjà servi." in text(again)


def test_a_wrong_invitation_token_is_not_found(sharing_browser, admin, lycee, sharing):
    invitation = sharing.invite(lycee["id"], "zoe@example.fr", "MEMBER")
    answer = sharing_browser.get(f"/organisations/invitation/{invitation['id']}?jeton=wrong")
    assert answer.status_code == 404 and "Cette invitation n'existe pas." in text(answer)
    assert sharing_browser.get(f"/organisations/invitation/{invitation['id']}").status_code == 404
    assert sharing_browser.get(f"/organisations/invitation/{invitation['id']}?jeton=%3Cx%3E").status_code == 404


def test_the_space_in_english(sharing_browser, admin, lycee, sharing):
    sharing.config["ROWS"] = ROWS
    sharing_browser.get("/langue/en?next=/")
    page = text(sharing_browser.get(space(lycee)))
    assert "Organization code:" in page and "Last name</a>" in page and "30 November 2026 at 09:15" in page


def test_just_joined_while_sharing_s_memberships_lag_a_page_waits(sharing_browser, identity, lycee, sharing):
    invitation = sharing.invite(lycee["id"], "zed@example.fr", "MEMBER")
    sign_in(sharing_browser, account(identity, first="Zed"))
    joined = post(sharing_browser, f"/organisations/invitation/{invitation['id']}", jeton=invitation["token"])
    user_id = next(iter(sharing.members[lycee["id"]]))
    role = sharing.members[lycee["id"]].pop(user_id)  # the read model has not caught up yet
    waiting = sharing_browser.get(joined.location)
    page = text(waiting)
    assert waiting.status_code == 200 and "Enregistrement de votre adhésion…" in page
    assert 'data-reload-after="2"' in page and "http-equiv" not in page
    sharing.members[lycee["id"]][user_id] = role
    assert "Vous avez rejoint l'organisation." in text(sharing_browser.get(joined.location))
    assert sharing_browser.get(f"/organisations/{sharing.add_org('B', 'PRO', 'BBBB-2345')['id']}").status_code == 404


def test_an_invitee_without_an_account_signs_up_and_comes_back_to_the_invitation(sharing_browser, lycee, sharing,
                                                                                  identity):
    invitation = sharing.invite(lycee["id"], "newcomer@example.fr", "ADMIN")
    link = f"/organisations/invitation/{invitation['id']}?jeton={invitation['token']}"
    login = sharing_browser.get(sharing_browser.get(link).location)
    signup_link = re.search(r'<a href="(/inscription[^"]*)">Créer un compte</a></p>', login.get_data(as_text=True))
    assert signup_link and parse_qs(urlsplit(signup_link.group(1).replace("&amp;", "&")).query)["next"] == [link]
    page = text(sharing_browser.get(signup_link.group(1).replace("&amp;", "&")))
    assert f'<input type="hidden" name="next" value="{link}">' in page
    answer = sign_up(sharing_browser, "newcomer@example.fr", next=link)
    assert answer.status_code == 303 and answer.location == link
    assert "Vous êtes invité à rejoindre Lycée Jean Moulin" in text(sharing_browser.get(link))
