"""Sharing a profile, in a real browser, against the whole platform (`platform` fixture), each
person in a browser context of their own: a person shares with a wrong code then the right
one, reads the consent and sends, then sends again later (a new snapshot); a member of the
organization (invited by e-mail, the link opened and accepted in the browser) sees the row,
sorts, filters, downloads the CSV (plain and detailed) and the XLSX, and opens the person's
page with both sendings. Then each message of the share flow next to its field.

The organization itself is made through the API by the platform's super admin, as an
operator would; the mail sink gives the invitation's link (pixlocal.demo_sharing reads it the
same way). The helpers here are shared by the other test_sharing_* modules."""
from __future__ import annotations

import csv
import io
import re
import secrets
import uuid

import openpyxl
import pytest
import requests
from pixlocal.demo import evaluate_one
from pixlocal.demo_sharing import ORGANIZATION_LINK
from pixlocal.demo_support import invitation_link

from ..e2e.people import Person, first_admin_auth, new_person
from ..integration.helpers import wait_for
from . import test_accessibility as accessibility
from .test_accessibility import BLOCKING, Audit
from .test_account_journey import alert, log_in

pytestmark = pytest.mark.timeout(300)

CODE_LETTERS, CODE_DIGITS = "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789"
BOM = b"\xef\xbb\xbf"
TIMEOUT = 15
axe_script = accessibility.axe_script


@pytest.fixture
def open_as(browser, platform):
    """open_as(person) → a page of a browser context of that person's own, signed in; each
    context sends the person's own address (X-Forwarded-For, one proxy hop trusted), so that
    the rate limits count them apart as they would count separate people."""
    contexts = []

    def open_as(person: Person, *, bypass_csp: bool = False):
        context = browser.new_context(locale="fr-FR", viewport={"width": 1100, "height": 900}, bypass_csp=bypass_csp,
                                      extra_http_headers=person.headers())
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, platform.gateway_url, person.email, person.password)
        page.wait_for_url(re.compile(r"/mon-profil$"))
        return page

    yield open_as
    for context in contexts:
        context.close()


def new_organization(platform, kind: str, admin: Person, name: str = "Lycée Condorcet") -> dict:
    """An organization made by the platform's super admin through the API, its first admin
    invited by e-mail; its name made unique so that its invitation mail is found by it."""
    body = {"displayName": f"{name} {uuid.uuid4().hex[:6]}", "type": kind, "adminEmail": admin.email}
    answer = requests.post(f"{platform.gateway_url}/api/organizations", json=body, headers=first_admin_auth(platform),
                           timeout=TIMEOUT)
    assert answer.status_code == 201, answer.text
    return answer.json()


def known_code(base: str, person: Person, organization: dict) -> None:
    """Waits until sharing's read model knows the organization's code (it is written by its
    projection, after the creation's answer)."""
    auth = person.auth()
    wait_for(lambda: requests.get(f"{base}/api/organizations/by-code/{organization['code']}", headers=auth,
                                  timeout=TIMEOUT).status_code == 200, timeout=30)


def unknown_code() -> str:
    """A well-formed organization code no organization of the test stack holds (drawn from
    24^4 · 8^4 codes, a few of which exist)."""
    return ("".join(secrets.choice(CODE_LETTERS) for _ in range(4)) + "-"
            + "".join(secrets.choice(CODE_DIGITS) for _ in range(4)))


class Lags(list):
    """Pages that showed, right after a form, the state from before it (a read model behind
    the command's answer). Each is kept, then the page is reloaded until it catches up, so
    that the journey goes on and the test still fails on it at the end (`assert_clean`)."""

    def at_once(self, page, shows, what: str) -> None:
        if shows():
            return
        self.append(f"{what}: not shown at once at {page.url}")

        def reloaded():
            page.reload()
            return shows()

        wait_for(reloaded, timeout=30, interval=0.5)


def assert_clean(lags: Lags, *audits: Audit) -> None:
    """No page lagged and no page has a serious or critical axe violation: all of them in
    one message."""
    blocking = [f"{name} ({url}): {v['id']} [{v['impact']}] {v['help']} {v['targets']}"
                for audit in audits for name, url, v in audit.found if v["impact"] in BLOCKING]
    for audit in audits:
        print(audit.report() or "no violation")
    assert not lags and not blocking, "\n".join([*lags, *blocking])


def accept_invitation(page, platform, organization: dict, member: Person, audit: Audit | None = None) -> None:
    """The invitation's link from the mail, opened in the member's browser, then "Accepter":
    the organization's space."""
    base = platform.gateway_url
    invitation, token = invitation_link(platform.cfg.var_dir / "mail", ORGANIZATION_LINK, organization["displayName"],
                                        member.email)
    page.goto(f"{base}/organisations/invitation/{invitation}?jeton={token}")
    assert organization["displayName"] in page.locator("#invitation-text").inner_text()
    if audit:
        audit.check("invitation")
    with page.expect_navigation():
        page.get_by_role("button", name="Accepter l'invitation").click()
    assert page.url == f"{base}/organisations/{organization['id']}?info=joined", page.url
    # sharing's memberships are a read model: "Rejoindre…" reloads itself until it has the member
    heading = page.get_by_role("heading", level=1, name=re.compile(re.escape(organization["displayName"])))
    heading.wait_for(timeout=30_000)
    assert "Vous avez rejoint l'organisation." in page.locator("main .notice[role=status]").inner_text()


def share_through_api(base: str, person: Person, organization: dict, **extra: str) -> dict:
    answer = requests.post(f"{base}/api/shares", json={"organizationCode": organization["code"], **extra},
                           headers=person.auth(), timeout=TIMEOUT)
    assert answer.status_code == 201, answer.text
    return answer.json()


def profile_copied(base: str, person: Person, organization: dict) -> dict:
    """Sharing's copy of the person's profile once it holds their evaluated competence (the
    copy follows profile's events: right after a test it may still be the older one)."""
    auth = person.auth()

    def preview():
        answer = requests.get(f"{base}/api/shares/preview", params={"code": organization["code"]}, headers=auth,
                              timeout=TIMEOUT)
        return answer.json()["profile"] if answer.status_code == 200 and answer.json()["profile"]["totalPix"] else None

    return wait_for(preview, timeout=30)


def table_rows(page, table: str = "main table.data") -> list[list[str]]:
    return [[cell.strip() for cell in row.locator("th, td").all_inner_texts()]
            for row in page.locator(f"{table} tbody tr").all()]


def reload_until_rows(page, count: int) -> list[list[str]]:
    """The organization's table as a member sees it by reloading: its projection follows the
    sendings within a moment."""
    def shown():
        page.reload()
        rows = table_rows(page)
        return rows if len(rows) == count else None

    return wait_for(shown, timeout=30, interval=0.5)


def read_csv(data: bytes) -> list[list[str]]:
    """An export as French Excel opens it: a BOM, then `;`-separated cells, CRLF lines."""
    assert data.startswith(BOM), data[:20]
    text = data[len(BOM):].decode("utf-8")
    assert "\r\n" in text and not re.search(r"(?<!\r)\n", text), "lines end with CRLF"
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_a_person_shares_after_a_wrong_code_and_a_member_sorts_filters_and_downloads(axe_script, platform, open_as,
                                                                                      screenshot):
    base = platform.gateway_url
    member = new_person(base, "Melanie", "Référente")  # invitation_link reads an ASCII To: only
    organization = new_organization(platform, "PRO", member)
    sharer = new_person(base, "Zoé", "Abélard")  # first by name, last by the default order (the newest first)
    other = new_person(base, "Yann", "Vasseur")
    evaluate_one(base, sharer.auth(), "1.3", (True,))
    known_code(base, sharer, organization)
    copied = profile_copied(base, sharer, organization)
    lags = Lags()

    # A wrong code: the error next to the field and in the summary, which takes the focus.
    page = open_as(sharer, bypass_csp=True)  # axe is injected as an inline script
    audit = Audit(page, axe_script)
    page.locator("main").get_by_role("link", name="Partager mon profil").click()
    page.wait_for_url(f"{base}/partager")
    audit.check("share, the code")
    code_field = page.get_by_role("textbox", name="Code de l'organisation", exact=True)
    code_field.fill(unknown_code())
    with page.expect_navigation():
        page.get_by_role("button", name="Continuer").click()
    assert page.url == f"{base}/partager"
    unknown = "Ce code ne correspond à aucune organisation."
    assert unknown in page.locator(".field.invalid .field-error").inner_text()
    assert code_field.get_attribute("aria-invalid") == "true"
    assert "code-error-1" in code_field.get_attribute("aria-describedby")
    assert unknown in alert(page).inner_text()
    assert alert(page).get_by_role("link").get_attribute("href") == "#code"
    assert alert(page).evaluate("element => element === document.activeElement")
    screenshot(page, "share-unknown-code")
    audit.check("share, an unknown code")

    # The right one, typed loosely: the organization's name to confirm, and the consent.
    loose = organization["code"].lower().replace("-", " ")
    code_field.fill(f" {loose} ")
    with page.expect_navigation():
        page.get_by_role("button", name="Continuer").click()
    assert page.url == f"{base}/partager/{organization['code']}"
    assert organization["displayName"] in page.locator("#share-organization").inner_text()
    consent = page.locator("section.consent")
    assert "Il ne recevra pas les évolutions futures de votre profil." in consent.inner_text()
    assert "vos nom et prénom" in consent.inner_text()
    assert f"{copied['totalPix']} pix" in consent.inner_text()  # the profile as it is now, as it is sent
    assert page.get_by_label("Numéro d'étudiant").count() == 0  # a PRO organization asks none
    screenshot(page, "share-consent")
    audit.check("share, the consent")

    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer").click()
    assert page.url.startswith(f"{base}/partager/mes-envois")
    done = f"Votre profil a été envoyé à {organization['displayName']} le"
    status = page.get_by_role("status")
    lags.at_once(page, lambda: status.count() == 1 and done in status.inner_text(), "the confirmation on Mes envois")
    sent = table_rows(page)
    assert sent[0][0] == organization["displayName"] and sent[0][2] == "Non", sent
    screenshot(page, "share-sent")
    audit.check("share, my sendings")

    # Sharing again later sends a new snapshot: two sendings listed, the organization's twice.
    page.get_by_role("link", name="Partager à nouveau").click()
    page.wait_for_url(f"{base}/partager")
    code_field.fill(organization["code"])
    with page.expect_navigation():
        page.get_by_role("button", name="Continuer").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer").click()
    assert page.url.startswith(f"{base}/partager/mes-envois")
    assert [r[0] for r in table_rows(page)] == [organization["displayName"]] * 2, table_rows(page)

    share_through_api(base, other, organization)

    # The member, in another browser: the invitation from the mail, accepted.
    space = open_as(member, bypass_csp=True)
    space_audit = Audit(space, axe_script)
    accept_invitation(space, platform, organization, member, space_audit)
    assert space.locator("#organization-code").inner_text() == organization["code"]
    rows = reload_until_rows(space, 2)
    assert [r[0] for r in rows] == ["Vasseur", "Abélard"], rows  # the newest sending first
    sharer_row = next(r for r in rows if r[0] == "Abélard")
    assert sharer_row[1] == "Zoé" and sharer_row[3] == str(copied["totalPix"]), sharer_row
    screenshot(space, "organization-space")
    space_audit.check("organization space")

    # Sorting by a column: the order changes, and aria-sort says which column and which way.
    headers = space.locator("main table.data thead th")
    space.locator("main table.data thead th a", has_text="Nom").first.click()
    space.wait_for_url(re.compile(r"tri=lastName&ordre=asc"))
    assert [r[0] for r in table_rows(space)] == ["Abélard", "Vasseur"]
    assert headers.nth(0).get_attribute("aria-sort") == "ascending"
    assert [h.get_attribute("aria-sort") for h in headers.all()[1:]] == [None] * (headers.count() - 1)
    space.locator("main table.data thead th a", has_text="Nom").first.click()
    space.wait_for_url(re.compile(r"tri=lastName&ordre=desc"))
    assert [r[0] for r in table_rows(space)] == ["Vasseur", "Abélard"]
    assert headers.nth(0).get_attribute("aria-sort") == "descending"
    score = space.locator("main table.data thead th", has_text="Score Pix")
    score.get_by_role("link").click()
    space.wait_for_url(re.compile(r"tri=totalPix&ordre=asc"))
    assert [r[0] for r in table_rows(space)] == ["Vasseur", "Abélard"]  # 0 pix, then the evaluated one
    assert score.get_attribute("aria-sort") == "ascending" and headers.nth(0).get_attribute("aria-sort") is None

    # Filtering by name (accents and case ignored): one row left, the sort kept.
    space.locator("form[role=search] input[name=nom]").fill("abelard")
    with space.expect_navigation():
        space.locator("form[role=search] button[type=submit]").click()
    assert "nom=abelard" in space.url and "tri=totalPix" in space.url
    assert [r[0] for r in table_rows(space)] == ["Abélard"]
    screenshot(space, "organization-space-filtered")
    space_audit.check("organization space, sorted and filtered")

    # In English: the same address, sort and filter; the headers and their state in English.
    filtered = space.url
    space.get_by_role("link", name=re.compile("^EN")).click()
    space.wait_for_url(filtered)
    assert space.locator("html").get_attribute("lang") == "en"
    assert [r[0] for r in table_rows(space)] == ["Abélard"]
    english_score = space.locator("main table.data thead th", has_text="Pix score")
    assert english_score.get_attribute("aria-sort") == "ascending"
    assert "sorted ascending" in english_score.inner_text()
    space_audit.check("organization space, in English")
    space.get_by_role("link", name=re.compile("^FR")).click()
    space.wait_for_url(filtered)

    # The CSV: BOM, `;`, and the sharer's row as their snapshot holds it.
    with space.expect_download() as download:
        space.locator("a[href$='/profils.csv']").click()
    assert download.value.suggested_filename.endswith(".csv")
    lines = read_csv(download.value.path().read_bytes())
    header, body = lines[0], lines[1:]
    assert len(body) == 2, lines
    row = dict(zip(header, next(r for r in body if "Abélard" in r), strict=True))
    snapshot = requests.get(f"{base}/api/organizations/{organization['id']}/profiles/{sharer.id}",
                            headers=member.auth(), timeout=TIMEOUT).json()
    assert snapshot["totalPix"] == copied["totalPix"]
    assert row["Nom de l'organisation"] == organization["displayName"], row
    assert (row["Nom du participant"], row["Prénom du participant"]) == ("Abélard", "Zoé"), row
    assert row["Nombre de pix total"] == str(snapshot["totalPix"]) and row["Envoi (O/N)"] == "O", row
    assert row["Nombre de compétences certifiables"] == str(snapshot["certifiableCompetences"]), row
    assert row["Date de l'envoi"] == snapshot["sharedAt"][:10], row

    # The detailed CSV (a level and pix column per competence) and the XLSX: the same person.
    with space.expect_download() as download:
        space.locator("a[href$='/profils.csv?detaille=1']").click()
    lines = read_csv(download.value.path().read_bytes())
    detailed = dict(zip(lines[0], next(r for r in lines[1:] if "Abélard" in r), strict=True))
    for competence in snapshot["competences"]:
        code = competence["code"]
        assert detailed[f"Niveau pour la compétence {code}"] == str(competence["level"]), (code, detailed)
        assert detailed[f"Nombre de pix pour la compétence {code}"] == str(competence["pix"]), (code, detailed)
    with space.expect_download() as download:
        space.locator("a[href$='/profils.xlsx']").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True).active
    cells = [[str(c) if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert cells[0] == header and sorted(cells[1:]) == sorted(body), cells

    # The sharer's page: the latest snapshot, and both sendings.
    space.locator("main table.data tbody").get_by_role("link", name="Abélard").click()
    space.wait_for_url(f"{base}/organisations/{organization['id']}/profils/{sharer.id}")
    assert space.get_by_role("heading", level=2, name="Zoé Abélard").is_visible()
    sendings = "main table.data:has(caption:text-is('Ses envois'))"

    def both_sendings():
        space.reload()
        rows = table_rows(space, sendings)
        return rows if len(rows) == 2 else None

    history = wait_for(both_sendings, timeout=30, interval=0.5)
    assert [r[1] for r in history] == [str(copied["totalPix"])] * 2, history
    space_audit.check("a person's snapshot, sent twice")
    assert_clean(lags, audit, space_audit)


def test_the_share_flow_says_what_is_missing_next_to_its_field(platform, open_as, screenshot):
    base = platform.gateway_url
    admin = new_person(base, "Hector", "Scolarité")
    student = new_person(base, "Inès", "Étudiante")
    university = new_organization(platform, "SUP", admin, name="Université Lumière")
    known_code(base, student, university)
    page = open_as(student)
    page.goto(f"{base}/partager")
    code_field = page.get_by_role("textbox", name="Code de l'organisation", exact=True)

    # No code: docs/domain.md §7's own message, next to the field and in the summary.
    for typed in ("", "  "):
        code_field.fill(typed)
        with page.expect_navigation():
            page.get_by_role("button", name="Continuer").click()
        assert page.url == f"{base}/partager"
        assert "Veuillez saisir le code de l'organisation." in page.locator(".field.invalid .field-error").inner_text()
        assert "Veuillez saisir le code de l'organisation." in alert(page).inner_text()

    # A university asks for the student number: sent without it, the consent page says so.
    code_field.fill(university["code"])
    with page.expect_navigation():
        page.get_by_role("button", name="Continuer").click()
    consent = page.locator("section.consent")
    assert "votre numéro d'étudiant" in consent.inner_text()
    number = page.get_by_role("textbox", name="Numéro d'étudiant", exact=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer").click()
    assert page.url == f"{base}/partager/{university['code']}"
    missing = "Votre numéro d'étudiant n'est pas renseigné."
    assert missing in page.locator(".field.invalid .field-error").inner_text() and missing in alert(page).inner_text()
    assert number.get_attribute("aria-invalid") == "true"
    assert alert(page).evaluate("element => element === document.activeElement")
    screenshot(page, "share-student-number-missing")

    # A campaign code that is none: its message next to the campaign field, the number kept.
    number.fill("21009876")
    page.get_by_role("textbox", name=re.compile("^Code de campagne")).fill("BCDFGH234")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer").click()
    wrong = "Votre code est erroné, veuillez vérifier ou contacter l'organisateur."
    assert wrong in page.locator(".field.invalid .field-error").inner_text(), page.locator("main").inner_text()
    assert number.input_value() == "21009876"

    page.get_by_role("textbox", name=re.compile("^Code de campagne")).fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer").click()
    assert page.url.startswith(f"{base}/partager/mes-envois")
    shown = wait_for(lambda: (page.reload(), table_rows(page))[1], timeout=30, interval=0.5)
    assert shown[0][0] == university["displayName"], shown
