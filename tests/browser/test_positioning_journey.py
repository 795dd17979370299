"""Taking a positioning test in a real browser, through the gateway's pages: log in, pick a
competence, skip one challenge, answer one wrong, the rest right, see the checkpoint recap
after the fifth answer, the level reached at the end and what to do next: "Retenter", or
why not and from when."""
from __future__ import annotations

import re

import pytest
from pix_assessment.domain.content import load_bank

from ..e2e.people import new_person
from .test_account_journey import log_in

pytestmark = pytest.mark.timeout(240)


def _plain(text: str) -> str:
    return re.sub(r"[`*_\s]", "", text)


def answer(page, challenge, right: bool) -> None:
    kind, solution = challenge.type, challenge.solution
    if kind in ("QCU", "QCM"):
        # The page shows the proposals in this assessment's own order: find them by text.
        labels = [_plain(t) for t in page.locator(".proposal label").all_inner_texts()]
        wanted = ([solution] if kind == "QCU" else sorted(solution)) if right else \
            [n for n in range(1, len(challenge.proposals_fr) + 1) if n not in (
                {solution} if kind == "QCU" else solution)][:1]
        for number in wanted:
            shown = labels.index(_plain(challenge.proposals_fr[number - 1])) + 1
            page.locator(f"#proposal-{shown}").check()
    elif kind == "QROC":
        page.get_by_label("Votre réponse", exact=True).fill(solution[0] if right else "zzzz-faux")
    else:
        groups = list(solution.values()) if kind == "QROCM-ind" else list(solution)
        for index, _ in enumerate(challenge.fields, start=1):
            page.locator(f"#field-{index}").fill(groups[index - 1][0] if right else "zzzz-faux")
    with page.expect_navigation():
        page.get_by_role("button", name="Je valide").click()


def test_a_positioning_test_to_the_end(platform, page, screenshot):
    base, bank = platform.gateway_url, load_bank()
    person = new_person(base, "Léa", "Navigateur")
    log_in(page, base, person.email, person.password)
    page.wait_for_url(re.compile(r"/mon-profil$"))

    page.goto(f"{base}/mes-tests")
    assert page.get_by_role("heading", name="Information et données").is_visible()
    page.get_by_role("button", name=re.compile(r"^Commencer — 1\.3 ")).click()
    page.wait_for_url(re.compile(r"/evaluation/[0-9a-f-]+$"))

    turn, saw_checkpoint = 0, False
    while page.locator("input[name=challengeId]").count() == 1:
        turn += 1
        assert page.get_by_role("heading", name=f"Question {turn}").is_visible()
        challenge = bank.challenge_by_id[page.locator("input[name=challengeId]").get_attribute("value")]
        if turn == 1:
            screenshot(page, "challenge-first")
            with page.expect_navigation():
                page.get_by_role("button", name="Je passe").click()
        else:
            answer(page, challenge, right=turn != 2)
        if "/bilan" in page.url:
            recap = page.locator("main").inner_text()
            assert "Vos 5 dernières réponses" in recap and turn % 5 == 0
            if not saw_checkpoint:  # the first recap holds the skip and the wrong answer
                assert recap.count("Passée") == 1 and recap.count("Mauvaise réponse") == 1
                assert recap.count("Bonne réponse") == 3
                screenshot(page, "checkpoint")
            saw_checkpoint = True
            with page.expect_navigation():
                page.get_by_role("link", name=re.compile("Continuer|Voir mon résultat")).click()
        assert turn < 40
    assert turn >= 5 and saw_checkpoint
    result = page.locator("main").inner_text()
    assert "Résultat du test" in result or "niveau" in result
    assert re.search(r"Vous avez atteint le niveau \d|Aucun niveau atteint pour le moment", result)
    screenshot(page, "result")
    page.get_by_role("link", name="Retour à mes tests").click()
    page.wait_for_url(re.compile(r"/mes-tests$"))
    card = page.locator("#competence-1-3")
    assert card.get_by_role("button", name=re.compile("^Retenter")).count() == 1 or re.search(
        r"Vous pourrez retenter cette compétence à partir du|Il n'y a pas de nouvelle question|Niveau maximum",
        card.inner_text()), card.inner_text()
