"""A whole certification in a real browser, against the whole platform, each role in a browser
context of its own: the center's admin creates a session and imports its candidate list from a
spreadsheet; the candidate joins with the access code and waits; the invigilator, with no
account, opens the session with its code and password and authorizes the start; the candidate
takes the test to the end; the center finalizes; a platform admin (CERTIF) publishes; the
candidate opens the certificate and downloads the PDF, whose text (pdftotext) shows the levels
and the verification code; anyone checks the code on the public page.

The center's accreditation and the candidate's five positioning tests are made through the API,
as an operator and an earlier week of tests would (tests/e2e/certification_world.py)."""
from __future__ import annotations

import base64
import re
import subprocess
import uuid

import pytest
from pix_assessment.domain.content import load_bank

from ..e2e.certification_world import accredited_center, candidate_row, certif_admin, eligible_person, sheet
from ..integration.helpers import wait_for
from .test_account_journey import log_in
from .test_positioning_journey import answer

pytestmark = pytest.mark.timeout(420)


@pytest.fixture
def contexts(browser, platform):
    """open(person=None) → a page of a browser context of its own (signed in when a person is
    given), sending its own address so that rate limits count each role apart."""
    made = []

    def open_page(person=None, ip=None):
        headers = person.headers() if person else {"X-Forwarded-For": ip}
        context = browser.new_context(locale="fr-FR", viewport={"width": 1100, "height": 900},
                                      extra_http_headers=headers, accept_downloads=True)
        context.set_default_timeout(20_000)
        made.append(context)
        page = context.new_page()
        if person:
            log_in(page, platform.gateway_url, person.email, person.password)
            page.wait_for_url(re.compile(r"/mon-profil$"))
        return page

    yield open_page
    for context in made:
        context.close()


def test_a_certification_from_the_session_to_the_verified_certificate(platform, contexts, tmp_path):
    base, bank = platform.gateway_url, load_bank()
    certif = certif_admin(platform)
    center = accredited_center(platform, certif)
    candidate = eligible_person(base, "Chloé", f"Navigatrice{uuid.uuid4().hex[:6]}")

    # The center's admin: a session, then its candidate list from the template's spreadsheet.
    center_page = contexts(center.admin.person)
    center_page.goto(f"{base}/centres-de-certification/{center.id}")
    center_page.locator("#sessionAddress").fill("3 avenue du Lycée, 69003 Lyon")
    center_page.locator("#sessionRoom").fill("Salle 12")
    center_page.locator("#sessionExaminer").fill("M. Garnier")
    center_page.locator("#sessionDate").fill("2026-12-10")
    center_page.locator("#sessionTime").fill("14:00")
    with center_page.expect_navigation():
        center_page.get_by_role("button", name="Créer la session").click()
    assert re.search(r"/sessions-de-certification/[0-9a-f-]+", center_page.url), center_page.url
    session_url = center_page.url.split("?")[0]
    code = center_page.locator("#access-code").inner_text().strip()
    password = center_page.locator("#invigilator-password").inner_text().strip()
    spreadsheet = tmp_path / "candidats.xlsx"
    spreadsheet.write_bytes(base64.b64decode(sheet([candidate_row(candidate, "05/04/2001")])["content"]))
    center_page.locator("#candidatesFile").set_input_files(str(spreadsheet))
    with center_page.expect_navigation():
        center_page.get_by_role("button", name="Importer").click()
    assert candidate.person.last_name in center_page.locator("main").inner_text()

    # The candidate joins and waits.
    candidate_page = contexts(candidate.person)
    candidate_page.goto(f"{base}/certification/rejoindre")
    candidate_page.locator("#joinCode").fill(code.lower())
    candidate_page.locator("#lastName").fill(candidate.person.last_name)
    candidate_page.locator("#firstName").fill(candidate.person.first_name)
    candidate_page.locator("#joinBirthDate").fill("05/04/2001")
    with candidate_page.expect_navigation():
        candidate_page.get_by_role("button", name="Rejoindre la session").click()
    assert candidate_page.locator("#exam-wait").is_visible()

    # The invigilator, no account: the code and the password open the live list.
    invigilator = contexts(ip="198.51.100.77")
    invigilator.goto(f"{base}/surveillant")
    invigilator.locator("#invigilationCode").fill(code)
    invigilator.locator("#invigilationPassword").fill(password)
    with invigilator.expect_navigation():
        invigilator.get_by_role("button", name="Accéder à la session").click()
    assert candidate.person.last_name in invigilator.locator("main").inner_text()
    with invigilator.expect_navigation():
        invigilator.locator("button[id^=authorize-]").first.click()

    # The waiting page notices the authorization by itself; the candidate starts and answers.
    candidate_page.get_by_role("button", name="Commencer mon test").click(timeout=30_000)
    candidate_page.wait_for_url(re.compile(r"/certification/epreuve/"))
    asked = candidate_page.locator("form:has(button[value=validate]) input[name=challengeId]")
    asked.wait_for(state="attached", timeout=90_000)  # assessment composes the test from the start's event
    turns = 0
    while asked.count() == 1:
        challenge = bank.challenge_by_id[asked.get_attribute("value")]
        assert "Bonne réponse" not in candidate_page.locator("main").inner_text()
        answer(candidate_page, challenge, right=True)
        turns += 1
        assert turns <= 48
    assert turns >= 5

    def finished():
        invigilator.reload()
        return "Terminé" in invigilator.locator("main table").inner_text() or None
    wait_for(finished, timeout=60, interval=1)  # assessment's end of the test reached certification

    # The center finalizes; a platform admin publishes.
    center_page.goto(session_url)
    with center_page.expect_navigation():
        center_page.get_by_role("button", name="Finaliser la session").click()
    assert center_page.locator("#closed").is_visible()
    admin_page = contexts(certif.person)

    publish = admin_page.locator("tr", has_text=center.name).get_by_role("button", name=re.compile("^Publier"))

    def to_publish():
        admin_page.goto(f"{base}/admin/certification")
        return publish.count() > 0 or None
    wait_for(to_publish, timeout=60, interval=1)  # once scored again with the incidents: in process
    with admin_page.expect_navigation():
        publish.click()

    # The candidate's certificate, its PDF, and the public verification of its code.
    def listed():
        candidate_page.goto(f"{base}/certification/certificats")
        links = candidate_page.locator("main table a")
        return links if links.count() else None
    wait_for(listed, timeout=60, interval=1).first.click()
    shown = candidate_page.locator("main").inner_text()
    verification = re.search(r"P-[2346789BCDFGHJKMPQRTVWXY]{8}", shown).group(0)
    with candidate_page.expect_download() as download:
        candidate_page.get_by_role("link", name=re.compile("PDF")).click()
    pdf = tmp_path / "certificat.pdf"
    download.value.save_as(str(pdf))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert verification in text and candidate.person.first_name in text
    assert re.search(r"[Nn]iveau\s+\d", text), text[:800]

    visitor = contexts(ip="198.51.100.78")
    visitor.goto(f"{base}/certificats/verification?code={verification}")
    public = visitor.locator("main").inner_text()
    assert candidate.person.last_name in public and verification in public
